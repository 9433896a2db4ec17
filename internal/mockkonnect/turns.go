package mockkonnect

import (
	"context"
	"net/http"
	"slices"
	"strconv"
)

// turns numbers requests by the answers written before they arrived
// (Request.Turn). Use it under s.mu.
type turns struct {
	// epoch counts ResetRequests: an answer to a request that arrived in an
	// earlier epoch no longer counts.
	epoch int
	// answered is the largest Turn among the requests of this epoch whose
	// answer has been written; 0 for none.
	answered int
}

// arrival is where a request stands in the chain of answers when it
// arrives: its Turn, and the epoch it counts in.
type arrival struct {
	epoch, turn int
}

// arrive returns the place in the chain of answers of a request arriving
// now.
func (s *Server) arrive() arrival {
	s.mu.Lock()
	defer s.mu.Unlock()
	return arrival{epoch: s.turns.epoch, turn: s.turns.answered + 1}
}

// answer writes resp to the client, then counts the request as answered: a
// request arriving from now on comes after it in the chain of answers. A
// request whose client is known to be gone (its context ended) is not
// counted, its answer going nowhere.
//
// Counting after the write and before ServeHTTP returns is what makes the
// chain hold for a client that waits for the answer: net/http sends the end
// of an answer once the handler returns (it holds a body of up to 2 KiB
// until then, and ends a longer one, sent chunked, with a last chunk written
// then), so no client can have the whole answer, and send a request in reply
// to it, before it is counted. The only answer with a Content-Length of its
// own, a truncated one, is half of a body far under 2 KiB.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, resp response, at arrival) {
	resp.write(w)
	if r.Context().Err() != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if at.epoch == s.turns.epoch {
		s.turns.answered = max(s.turns.answered, at.turn)
	}
}

// resetTurns starts a new epoch: the next request is turn 1. Call with s.mu
// held.
func (s *Server) resetTurns() {
	s.turns = turns{epoch: s.turns.epoch + 1}
}

// rounds holds arriving requests in rounds (HoldRounds). Use it under s.mu.
type rounds struct {
	sizes []int  // the rounds still to fill, the current one first; none: not holding
	round *round // the current round; nil when not holding
}

// round is the requests held in one round.
type round struct {
	held     int           // requests waiting for the round to fill
	released chan struct{} // closed, under s.mu, when the round is released
}

// HoldRounds holds answers in rounds, so that a test can prove how many
// answers in turn a client waits for (Request.Turn) without timing it: from
// now on, every arriving request is held, neither handled nor answered,
// until sizes[0] requests are held; then all of them are handled and
// answered together (round 1). The next requests are held until sizes[1]
// are (round 2), and so on; after the last round, requests are handled at
// once as before. A client that sends its requests as a single chain,
// waiting for answers before sending what depends on them, then has every
// request of round k logged with Turn k, however fast or slow it and the
// machine are.
//
// Holding comes before anything else is done with a request whose body was
// read: before faults apply and before it is handled, so a held request
// sees the jobs as they are at its release, and a fault's delay starts
// then. A request whose client gives up while held leaves its round, which
// then waits for one more, and is logged with Status 0, unhandled, like any
// request whose client went away unanswered. GET /healthz is never held.
//
// Calling HoldRounds again first releases the requests held, as
// ReleaseHeld does, then holds in the new rounds; HoldRounds() just
// releases them. A client that sends fewer requests than a round expects
// would wait for ever: call ReleaseHeld in the test's cleanup. It panics if
// a size is below 1.
func (s *Server) HoldRounds(sizes ...int) {
	for i, n := range sizes {
		if n < 1 {
			panic("mockkonnect.HoldRounds: round " + strconv.Itoa(i+1) + " must hold at least 1 request, got " + strconv.Itoa(n))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseLocked()
	if len(sizes) > 0 {
		s.rounds = rounds{sizes: slices.Clone(sizes), round: newRound()}
	}
}

// ReleaseHeld handles and answers every held request at once, whether or
// not its round filled, and stops holding: the rounds still to come are
// dropped (see HoldRounds). Call it in a test's cleanup, so that a client
// that sends fewer requests than a round expects cannot hang the test.
func (s *Server) ReleaseHeld() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseLocked()
}

// releaseLocked releases the current round, if any, and stops holding.
// Call with s.mu held.
func (s *Server) releaseLocked() {
	if s.rounds.round != nil {
		close(s.rounds.round.released)
	}
	s.rounds = rounds{}
}

func newRound() *round { return &round{released: make(chan struct{})} }

// hold holds an arriving request for as long as HoldRounds says, and
// reports whether it may go on: false means its client gave up while it
// was held. It waits without the server's lock.
func (s *Server) hold(ctx context.Context) bool {
	s.mu.Lock()
	rd := s.rounds.round
	if rd == nil {
		s.mu.Unlock()
		return true
	}
	rd.held++
	if rd.held == s.rounds.sizes[0] {
		// The round is full: this request releases it, and goes on at once.
		close(rd.released)
		s.rounds.sizes = s.rounds.sizes[1:]
		s.rounds.round = nil
		if len(s.rounds.sizes) > 0 {
			s.rounds.round = newRound()
		}
		s.mu.Unlock()
		return true
	}
	s.mu.Unlock()

	select {
	case <-rd.released:
		return true
	case <-ctx.Done():
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// A round still current has not been released: the request leaves it.
	// One released meanwhile is left alone, and this request still goes
	// unanswered, since its client is gone.
	if s.rounds.round == rd {
		rd.held--
	}
	return false
}
