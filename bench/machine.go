package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// describe records when, how and on what the benchmark ran.
func (r *results) describe() error {
	command := "go run ./bench"
	if len(r.o.args) > 0 {
		command += " " + strings.Join(r.o.args, " ")
	}
	if os.Getenv("MAKELEVEL") != "" {
		command = "make bench, which runs " + "`" + command + "`"
	} else {
		command = "`" + command + "`"
	}
	tf, err := firstLine("terraform", "version")
	if err != nil {
		return err
	}
	curl := "curl not on PATH"
	if line, err := firstLine("curl", "--version"); err == nil {
		curl = strings.Join(strings.Fields(line)[:2], " ") // "curl 7.88.1"
	}
	commit, _ := firstLine("git", "rev-parse", "--short", "HEAD")
	if dirty, _ := exec.Command("git", "status", "--porcelain").Output(); len(dirty) > 0 {
		commit += ", with uncommitted changes"
	}
	r.about = []fact{
		{"Date", time.Now().UTC().Format("2006-01-02 15:04 MST")},
		{"Command", command},
		{"Commit", orUnknown(commit)},
		{"Machine", machine()},
		{"Versions", fmt.Sprintf("%s, %s, %s, %s", runtime.Version(), tf, dependency("github.com/hashicorp/terraform-plugin-framework"), curl)},
		{"Settings", fmt.Sprintf("%d rounds, Terraform's default parallelism (%d), %d provider starts", r.o.runs, parallelism, r.o.startups)},
	}
	return nil
}

func firstLine(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line), nil
}

// machine names the CPU, the cores, the memory and the kernel.
func machine() string {
	cpu := orUnknown(procField("/proc/cpuinfo", "model name"))
	mem := procField("/proc/meminfo", "MemTotal")
	var kib int64
	if _, err := fmt.Sscanf(mem, "%d kB", &kib); err == nil {
		mem = fmt.Sprintf("%.0f GiB", float64(kib)/(1<<20))
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return fmt.Sprintf("%s, %d cores, %s memory, %s %s %s", cpu, runtime.NumCPU(), orUnknown(mem),
		runtime.GOOS, runtime.GOARCH, strings.TrimSpace(string(kernel)))
}

// procField returns the value of the first "name : value" line of a /proc file.
func procField(path, name string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// dependency names a module and the version this build uses.
func dependency(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == path {
				return strings.TrimPrefix(path, "github.com/hashicorp/") + " " + d.Version
			}
		}
	}
	return strings.TrimPrefix(path, "github.com/hashicorp/") + " (version unknown)"
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
