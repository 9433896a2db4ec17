package main

import (
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

// writeFileAtomic writes through a temporary file and a rename, so a script
// polling for path never reads it half-written.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// removeURLFile deletes the URL file on exit so that the next run's script
// does not find a stale URL, unless something else has replaced it meanwhile.
func removeURLFile(path, content string, l *log.Logger) {
	if b, err := os.ReadFile(path); err != nil || string(b) != content {
		return
	}
	if err := os.Remove(path); err != nil {
		l.Printf("removing -url-file: %v", err)
	}
}
