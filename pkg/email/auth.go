package email

import (
	"strings"

	"github.com/emersion/go-message/textproto"
)

// authResults reads the Authentication-Results (RFC 8601) a receiver can
// trust: those of the top header, which the last receiving server added
// (headers further down may come from the sender and prove nothing), and
// of the other headers with the same authserv-id. ARC-Authentication-Results
// are returned too, marked ARC, for the caller to trust by server name.
func authResults(h textproto.Header) []AuthResult {
	var out []AuthResult
	top := ""
	for f := h.FieldsByKey("Authentication-Results"); f.Next(); {
		server, rs := parseAuth(f.Value(), false)
		if top == "" {
			top = server
		}
		if server != top {
			continue
		}
		out = append(out, rs...)
		if len(out) > 50 {
			break
		}
	}
	for f := h.FieldsByKey("Arc-Authentication-Results"); f.Next(); {
		v := f.Value()
		// "i=1; server; method=result ..."
		if i := strings.IndexByte(v, ';'); i >= 0 && strings.HasPrefix(strings.TrimSpace(v), "i=") {
			v = v[i+1:]
		}
		_, rs := parseAuth(v, true)
		out = append(out, rs...)
		if len(out) > 100 {
			break
		}
	}
	return out
}

// parseAuth reads one header value: "server [version]; method=result
// (comment) ptype.prop=value ...; ...".
func parseAuth(v string, arc bool) (string, []AuthResult) {
	v = stripComments(v)
	parts := strings.Split(v, ";")
	fs := strings.Fields(parts[0])
	server := ""
	if len(fs) > 0 && !strings.Contains(fs[0], "=") {
		server = strings.ToLower(fs[0])
		parts = parts[1:]
	}
	// Some receivers (Microsoft's) write no authserv-id: the first part
	// is already a result.
	var out []AuthResult
	for _, p := range parts {
		fs := strings.Fields(p)
		if len(fs) == 0 {
			continue
		}
		method, result, ok := strings.Cut(fs[0], "=")
		if !ok {
			continue
		}
		r := AuthResult{Method: strings.ToLower(method), Result: strings.ToLower(result), Server: server, ARC: arc}
		for _, kv := range fs[1:] {
			k, val, ok := strings.Cut(kv, "=")
			if !ok {
				continue
			}
			switch strings.ToLower(k) {
			case "header.from", "header.d", "smtp.mailfrom", "header.i", "smtp.helo":
				if r.Domain == "" || strings.EqualFold(k, "header.from") {
					val = strings.Trim(val, `"<>`)
					if at := strings.LastIndexByte(val, '@'); at >= 0 {
						val = val[at+1:]
					}
					r.Domain = strings.ToLower(val)
				}
			}
		}
		out = append(out, r)
	}
	return server, out
}

// stripComments removes (comments), nested or not.
func stripComments(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	var b strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}
