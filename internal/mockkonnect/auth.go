package mockkonnect

import (
	"crypto/subtle"
	"strings"
)

// authenticate checks an Authorization header the way Konnect does: a bearer
// token, compared without leaking timing, and never echoed back.
func (s *Server) authenticate(header string) (response, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t") {
		return unauthorized("Unauthorized"), false
	}
	if s.token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.token)) != 1 {
		return unauthorized("Invalid credentials"), false
	}
	return response{}, true
}
