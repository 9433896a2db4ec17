package main

import (
	"errors"
	"net"
	"net/http"
	"testing"
	"time"
)

// oneSlotListener is a limitListener of one slot on loopback, and a dial
// of it whose connection the test closes at its end.
func oneSlotListener(t *testing.T) (*limitListener, func() net.Conn) {
	t.Helper()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := newLimitListener(inner, 1)
	t.Cleanup(func() { _ = l.Close() })
	return l, func() net.Conn {
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
}

// The listener hands out at most n connections; a closed one frees its
// slot once, however often it is closed, and closing the listener frees a
// waiting Accept.
func TestLimitListener(t *testing.T) {
	t.Parallel()
	l, dial := oneSlotListener(t)
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

// An idle keep-alive connection never keeps a new client waiting: with
// every slot taken, the connection idle the longest is closed to make
// room. A busy one is not; once it falls idle, the waiting client gets it.
func TestLimitListenerClosesIdleForNew(t *testing.T) {
	t.Parallel()
	l, dial := oneSlotListener(t)
	accept := func() <-chan net.Conn {
		got := make(chan net.Conn, 1)
		go func() {
			c, err := l.Accept()
			if err != nil {
				c = nil
			}
			got <- c
		}()
		return got
	}
	within := func(what string, ch <-chan net.Conn) net.Conn {
		t.Helper()
		select {
		case c := <-ch:
			if c == nil {
				t.Fatalf("%s: Accept failed", what)
			}
			return c
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Accept still waiting after 10s", what)
			return nil
		}
	}

	client1 := dial()
	first := within("first", accept())
	l.ConnState(first, http.StateActive)
	dial()
	second := accept()
	select {
	case <-second:
		t.Fatal("a new connection took the slot of a busy one")
	case <-time.After(50 * time.Millisecond):
	}
	// The first answers, and waits idle for its client's next request.
	l.ConnState(first, http.StateIdle)
	within("second, once the first fell idle", second)
	// The client of the idle connection sees it closed.
	_ = client1.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := client1.Read(make([]byte, 1)); err == nil {
		t.Error("the idle connection is still open")
	}
}
