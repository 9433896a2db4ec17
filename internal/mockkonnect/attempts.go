package mockkonnect

import (
	"crypto/sha256"
	"strconv"
)

// maxTracked is how many distinct requests a first=N rule remembers. A
// client retries a request within moments, far fewer than this many
// distinct requests later; a request first seen longer ago than that is
// forgotten and counts as new again. It bounds the memory a rule takes
// whatever it is sent: about 100 bytes per request remembered.
const maxTracked = 10_000

// attemptKey stands for a distinct request (method, full path and body): a
// hash, so that remembering a 1 MiB body takes 32 bytes.
type attemptKey [sha256.Size]byte

func newAttemptKey(method, path string, body []byte) attemptKey {
	h := sha256.New()
	// Lengths first, so that no two requests run together the same way.
	h.Write([]byte(strconv.Itoa(len(method)) + " " + method + strconv.Itoa(len(path)) + " " + path))
	h.Write(body)
	var k attemptKey
	h.Sum(k[:0])
	return k
}

// attempts counts the attempts of each distinct request, remembering at
// most limit requests: once full, the one first seen longest ago makes
// room. Use it under the server's mutex.
type attempts struct {
	limit  int
	counts map[attemptKey]int
	order  []attemptKey // first-seen order; a ring once it holds limit keys
	oldest int          // index in order of the key first seen longest ago, once full
}

func newAttempts(limit int) *attempts {
	return &attempts{limit: limit, counts: map[attemptKey]int{}}
}

// add counts one more attempt of key and returns how many there have been,
// counting no further than ceiling.
func (a *attempts) add(key attemptKey, ceiling int) int {
	n, seen := a.counts[key]
	if !seen {
		if len(a.order) < a.limit {
			a.order = append(a.order, key)
		} else {
			delete(a.counts, a.order[a.oldest])
			a.order[a.oldest] = key
			a.oldest = (a.oldest + 1) % a.limit
		}
	}
	if n < ceiling {
		n++
	}
	a.counts[key] = n
	return n
}
