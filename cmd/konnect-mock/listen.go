package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"
)

// checkLoopback refuses addresses other machines could reach: the mock takes
// any token by default and would hand a fake Konnect to anyone on the network.
func checkLoopback(addr string, allowRemote bool) error {
	if allowRemote {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usageErrorf("-addr %q: %v", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	what := "host " + host
	if host == "" || (net.ParseIP(host) != nil && net.ParseIP(host).IsUnspecified()) {
		what = "every network interface"
	}
	return usageErrorf("-addr %q listens on %s, reachable from other machines; the mock accepts "+
		"fake credentials, so it only listens on loopback (127.0.0.1, ::1, localhost) unless -allow-remote is given",
		addr, what)
}

// urlFileMode is the -url-file's mode: the URL is no secret (the port is
// visible to every local user anyway), and a script run as another user,
// say in a container sharing the directory, may need to read it.
const urlFileMode = 0o644

// checkURLFile refuses a -url-file that exists and is not a regular file:
// replacing a symlink, a directory, a device or a FIFO with the mock's URL
// (and deleting it on exit) would break whatever it was. It is a usage error
// (exit status 2); failing to look is exit status 1.
func checkURLFile(path string) error {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("-url-file: %w", err)
	case !info.Mode().IsRegular():
		return usageErrorf("-url-file %q is %s; give the path of a regular file, or of one to create", path, describeType(info.Mode()))
	}
	return nil
}

func describeType(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// writeURLFile writes content to path through a temporary file and a
// rename, so that a script polling for path never reads it half-written,
// and returns what it wrote, for removeURLFile. Like checkURLFile, it
// refuses to replace anything but a regular file; the rename replaces a
// name, never writing through a symlink.
func writeURLFile(path, content string) (os.FileInfo, error) {
	if err := checkURLFile(path); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, fmt.Errorf("writing -url-file: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	_, err = tmp.WriteString(content)
	if err == nil {
		err = tmp.Chmod(urlFileMode)
	}
	var info os.FileInfo
	if err == nil {
		info, err = tmp.Stat() // the same file once renamed
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return nil, fmt.Errorf("writing -url-file: %w", err)
	}
	return info, nil
}

// removeURLFile deletes the URL file on exit so that the next run's script
// does not find a stale URL, but only the file it wrote, still holding what
// it wrote: anything else put there meanwhile is left alone.
func removeURLFile(path, content string, written os.FileInfo, l *log.Logger) {
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || !os.SameFile(info, written) {
		return
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != content {
		return
	}
	if err := os.Remove(path); err != nil {
		l.Printf("removing -url-file: %v", err)
	}
}
