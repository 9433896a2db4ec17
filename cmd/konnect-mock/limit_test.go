package main

import (
	"errors"
	"net"
	"testing"
	"time"
)

// The listener hands out at most n connections; a closed one frees its
// slot once, however often it is closed, and closing the listener frees a
// waiting Accept.
func TestLimitListener(t *testing.T) {
	t.Parallel()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := newLimitListener(inner, 1)
	defer func() { _ = l.Close() }()
	dial := func() {
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
	}
	accepted := make(chan net.Conn)
	accept := func() {
		c, err := l.Accept()
		if err != nil {
			c = nil
		}
		accepted <- c
	}
	wait := func(what string) net.Conn {
		t.Helper()
		select {
		case c := <-accepted:
			return c
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Accept still waiting after 10s", what)
			return nil
		}
	}

	dial()
	dial()
	go accept()
	first := wait("first connection")
	if first == nil {
		t.Fatal("first Accept failed")
	}
	// Every slot is taken, so the next Accept waits for one.
	if len(l.slots) != cap(l.slots) {
		t.Fatalf("%d of %d slots taken after one Accept", len(l.slots), cap(l.slots))
	}
	go accept()
	first.Close()
	second := wait("second connection, once the first closed")
	if second == nil {
		t.Fatal("second Accept failed")
	}
	first.Close() // twice: its slot is not freed again
	if len(l.slots) != 1 {
		t.Errorf("%d slots taken with one connection open, want 1", len(l.slots))
	}
	go accept()
	_ = l.Close()
	if c := wait("Accept after Close"); c != nil {
		t.Error("Accept after Close returned a connection")
	}
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close = %v, want net.ErrClosed", err)
	}
	second.Close()
}
