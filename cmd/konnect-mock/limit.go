package main

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// limitListener serves at most n connections at a time, which bounds what
// many clients at once can make the mock hold in memory. An idle
// keep-alive connection must not keep a new client waiting, so when every
// slot is taken, the connection idle the longest is closed to make room
// (its client opens another when it has a request); only when every
// connection is busy does the new one wait, until one closes or falls idle.
// The server must report its connections' states to ConnState.
type limitListener struct {
	net.Listener
	slots     chan struct{}
	closeOnce sync.Once
	closed    chan struct{}

	mu   sync.Mutex
	idle map[*limitConn]time.Time // since when each idle connection is
	// wake tells a waiting Accept that a connection fell idle.
	wake chan struct{}
}

func newLimitListener(l net.Listener, n int) *limitListener {
	return &limitListener{Listener: l, slots: make(chan struct{}, n), closed: make(chan struct{}),
		idle: map[*limitConn]time.Time{}, wake: make(chan struct{}, 1)}
}

func (l *limitListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	for {
		select {
		case l.slots <- struct{}{}:
			return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
		default:
		}
		if l.closeIdlest() {
			continue // its slot is free again
		}
		// Every connection is busy: wait for one to close or fall idle.
		select {
		case l.slots <- struct{}{}:
			return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
		case <-l.wake:
		case <-l.closed:
			c.Close()
			return nil, net.ErrClosed
		}
	}
}

// closeIdlest closes the connection idle the longest; false if none is idle.
func (l *limitListener) closeIdlest() bool {
	l.mu.Lock()
	var (
		oldest *limitConn
		since  time.Time
	)
	for c, at := range l.idle {
		if oldest == nil || at.Before(since) {
			oldest, since = c, at
		}
	}
	delete(l.idle, oldest)
	l.mu.Unlock()
	if oldest == nil {
		return false
	}
	_ = oldest.Close() // its client reconnects for its next request
	return true
}

// ConnState is the http.Server's ConnState hook: it keeps which
// connections are idle.
func (l *limitListener) ConnState(c net.Conn, state http.ConnState) {
	lc, ok := c.(*limitConn)
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if state != http.StateIdle {
		delete(l.idle, lc)
		return
	}
	l.idle[lc] = time.Now()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// limitConn gives its slot back once, however often it is closed.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// CloseWrite lets the server half-close the connection, as it does on a
// bare TCP connection before closing one whose request body it left unread,
// so that the client gets the answer (a 413, say) rather than a reset.
func (c *limitConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
