package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// -url-file refuses anything that exists and is not a regular file, and
// leaves it as it was.
func TestRunRefusesURLFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string) string // returns the -url-file path
		wantErr string
	}{
		{
			name: "symlink to a file",
			setup: func(t *testing.T, dir string) string {
				target := filepath.Join(dir, "precious")
				mustWrite(t, target, "keep me\n")
				link := filepath.Join(dir, "mock.url")
				if err := os.Symlink(target, link); err != nil {
					t.Skipf("no symlinks here: %v", err)
				}
				return link
			},
			wantErr: "is a symbolic link; give the path of a regular file, or of one to create",
		},
		{
			name: "dangling symlink",
			setup: func(t *testing.T, dir string) string {
				link := filepath.Join(dir, "mock.url")
				if err := os.Symlink(filepath.Join(dir, "nowhere"), link); err != nil {
					t.Skipf("no symlinks here: %v", err)
				}
				return link
			},
			wantErr: "is a symbolic link",
		},
		{
			name: "directory",
			setup: func(t *testing.T, dir string) string {
				d := filepath.Join(dir, "mock.url")
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
				mustWrite(t, filepath.Join(d, "inside"), "keep me\n")
				return d
			},
			wantErr: "is a directory",
		},
		{
			name: "device",
			setup: func(t *testing.T, _ string) string {
				if runtime.GOOS == "windows" {
					t.Skip("no /dev/null")
				}
				return os.DevNull
			},
			wantErr: "is a device",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := tc.setup(t, dir)
			before := snapshot(t, dir)
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-url-file", path}, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), path) {
				t.Fatalf("run = %v, want an error naming %s and containing %q", err, path, tc.wantErr)
			}
			if code := exitCode(err); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q: it started anyway", stdout.String())
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("the directory changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// An existing regular file is replaced by the URL, with mode 0644; on exit
// the mock removes the file it wrote, unless something else is there by then.
func TestRunURLFileLifecycle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		existing  bool                                 // a stale regular file is there first
		meanwhile func(t *testing.T, path, url string) // done while the mock runs
		wantKept  string                               // what the path holds after exit; "" for removed
	}{
		{name: "new file, removed", wantKept: ""},
		{name: "stale file replaced, then removed", existing: true, wantKept: ""},
		{
			name:      "rewritten in place: kept",
			meanwhile: func(t *testing.T, path, _ string) { mustWrite(t, path, "mine now\n") },
			wantKept:  "mine now\n",
		},
		{
			name: "replaced by another file with the same URL: kept",
			meanwhile: func(t *testing.T, path, url string) {
				other := path + ".other"
				mustWrite(t, other, url)
				if err := os.Rename(other, path); err != nil {
					t.Fatal(err)
				}
			},
			wantKept: "same",
		},
		{
			name: "replaced by a symlink to the same URL: kept",
			meanwhile: func(t *testing.T, path, url string) {
				target := path + ".target"
				mustWrite(t, target, url)
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(target, path); err != nil {
					t.Skipf("no symlinks here: %v", err)
				}
			},
			wantKept: "same",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "mock.url")
			if tc.existing {
				mustWrite(t, path, "http://127.0.0.1:1\n")
			}
			cfg := flagConfig(t, "-addr", "127.0.0.1:0", "-url-file", path)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stdout := &syncBuffer{}
			done := make(chan error, 1)
			go func() { done <- serve(ctx, cfg, stdout, io.Discard) }()
			// Listening once it has said so on stdout, after writing the file.
			for i := 0; !strings.Contains(stdout.String(), "listening"); i++ {
				select {
				case err := <-done:
					t.Fatalf("serve ended: %v", err)
				case <-time.After(10 * time.Millisecond):
				}
				if i > 1000 {
					t.Fatal("not listening after 10s")
				}
			}
			url := strings.Fields(stdout.String())[3] + "\n" // "konnect-mock listening on URL …"
			got, err := os.ReadFile(path)
			if err != nil || string(got) != url {
				t.Fatalf("-url-file holds %q, %v; want %q", got, err, url)
			}
			if info, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o644) {
				t.Errorf("-url-file mode = %v, %v; want -rw-r--r--", info.Mode(), err)
			}
			if tc.meanwhile != nil {
				tc.meanwhile(t, path, url)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatalf("serve = %v", err)
			}
			after, err := os.ReadFile(path)
			switch want := strings.Replace(tc.wantKept, "same", url, 1); {
			case want == "" && !errors.Is(err, fs.ErrNotExist):
				t.Errorf("-url-file still there after exit: %q, %v", after, err)
			case want != "" && (err != nil || string(after) != want):
				t.Errorf("-url-file holds %q, %v after exit; want %q kept", after, err, want)
			}
		})
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// snapshot describes what dir holds, links and contents included.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b.WriteString(p + " " + info.Mode().String())
		if info.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			b.WriteString(" -> " + target)
		} else if info.Mode().IsRegular() {
			content, _ := os.ReadFile(p)
			b.WriteString(" " + string(content))
		}
		b.WriteString("; ")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
