package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// peakSampler watches /proc for processes running one executable, which
// Terraform starts and stops on its own, and keeps each one's peak resident
// memory (VmHWM). The kernel holds the peak, so sampling every few
// milliseconds misses only a process's last moments. Linux only: elsewhere
// it finds nothing.
type peakSampler struct {
	exe  string
	stop chan struct{}
	done sync.WaitGroup

	mu    sync.Mutex
	peaks map[int]int64 // pid → VmHWM in bytes
}

const sampleEvery = 5 * time.Millisecond

func startPeakSampler(exe string) *peakSampler {
	s := &peakSampler{exe: exe, stop: make(chan struct{}), peaks: map[int]int64{}}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		for {
			s.sample()
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// finish stops sampling and returns the largest peak and how many processes
// were seen.
func (s *peakSampler) finish() (peak int64, processes int) {
	close(s.stop)
	s.done.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.peaks {
		peak = max(peak, p)
	}
	return peak, len(s.peaks)
}

func (s *peakSampler) sample() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		s.mu.Lock()
		_, known := s.peaks[pid]
		s.mu.Unlock()
		if !known {
			if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err != nil || exe != s.exe {
				continue
			}
		}
		if hwm, ok := vmHWM(pid); ok {
			s.mu.Lock()
			s.peaks[pid] = max(s.peaks[pid], hwm)
			s.mu.Unlock()
		}
	}
}

// vmHWM reads a process's peak resident set size.
func vmHWM(pid int) (int64, bool) {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		return kb * 1024, err == nil
	}
	return 0, false
}
