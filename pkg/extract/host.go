package extract

import (
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Character classes of host labels. A label never mixes classLatin and
// classCJK characters: in CJK text there are no spaces between words, so the
// switch from ideographs to ASCII is the only hint where a domain starts or
// ends ("访问aliexpress.com领取").
const (
	classNone  = 0
	classLatin = 1 // ASCII letters, digits, '-', '_' and non-CJK Unicode letters/marks
	classCJK   = 2 // Han, kana, Hangul
)

// asciiLabel marks ASCII bytes allowed in a host label.
var asciiLabel = func() (t [128]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	t['-'] = true
	t['_'] = true
	return t
}()

// isCJK reports whether r belongs to the CJK scripts that are written
// without spaces (or is a full-width/CJK punctuation sign).
func isCJK(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x11FF: // Hangul Jamo
		return true
	case r >= 0x2E80 && r <= 0x9FFF: // radicals, CJK punctuation, kana, ext A, unified
		return true
	case r >= 0xA960 && r <= 0xA97F, r >= 0xAC00 && r <= 0xD7FF: // Hangul
		return true
	case r >= 0xF900 && r <= 0xFAFF: // compatibility ideographs
		return true
	case r >= 0xFF66 && r <= 0xFFDC: // half-width katakana and Hangul
		return true
	case r >= 0x20000 && r <= 0x3FFFF:
		return true
	}
	return false
}

// runeClass returns the label class of r.
func runeClass(r rune) int {
	if r < utf8.RuneSelf {
		if asciiLabel[r] {
			return classLatin
		}
		return classNone
	}
	if r >= 0xFF10 && r <= 0xFF5A { // full-width digits and letters map to ASCII
		if r <= 0xFF19 || (r >= 0xFF21 && r <= 0xFF3A) || r >= 0xFF41 {
			return classLatin
		}
		return classNone
	}
	if r == utf8.RuneError || r == 0x200B || r == 0xFEFF {
		return classNone
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
		return classNone
	}
	if isCJK(r) {
		if r >= 0x3000 && r <= 0x303F { // CJK symbols and punctuation
			return classNone
		}
		return classCJK
	}
	return classLatin
}

// labelAt returns the class and byte size of the label rune at s[i:].
func labelAt(s string, i int) (class, size int) {
	if i >= len(s) {
		return classNone, 0
	}
	c := s[i]
	if c < utf8.RuneSelf {
		if asciiLabel[c] {
			return classLatin, 1
		}
		return classNone, 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return runeClass(r), n
}

// labelBefore returns the class and byte size of the label rune ending at s[:i].
func labelBefore(s string, i int) (class, size int) {
	if i <= 0 {
		return classNone, 0
	}
	c := s[i-1]
	if c < utf8.RuneSelf {
		if asciiLabel[c] {
			return classLatin, 1
		}
		return classNone, 1
	}
	r, n := utf8.DecodeLastRuneInString(s[:i])
	return runeClass(r), n
}

// Dot token kinds.
const (
	dotPlain    = 1 // '.'
	dotIdeo     = 2 // '。' '．' '｡'
	dotDefanged = 3 // "[.]" "(.)" "{.}" "[dot]" "(dot)" "{dot}"
)

// dotAt returns the byte length and kind of a dot token at s[i:], or 0.
func dotAt(s string, i int) (n, kind int) {
	if i >= len(s) {
		return 0, 0
	}
	switch c := s[i]; c {
	case '.':
		return 1, dotPlain
	case 0xE3: // U+3002 '。' = E3 80 82
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x82 {
			return 3, dotIdeo
		}
	case 0xEF: // U+FF0E '．' = EF BC 8E, U+FF61 '｡' = EF BD A1
		if i+2 < len(s) && ((s[i+1] == 0xBC && s[i+2] == 0x8E) || (s[i+1] == 0xBD && s[i+2] == 0xA1)) {
			return 3, dotIdeo
		}
	case '[', '(', '{':
		cl := byte(']')
		if c == '(' {
			cl = ')'
		} else if c == '{' {
			cl = '}'
		}
		if i+2 < len(s) && s[i+1] == '.' && s[i+2] == cl {
			return 3, dotDefanged
		}
		if i+4 < len(s) && s[i+4] == cl && (s[i+1]|0x20) == 'd' && (s[i+2]|0x20) == 'o' && (s[i+3]|0x20) == 't' {
			return 5, dotDefanged
		}
	}
	return 0, 0
}

// span is a byte range of the text.
type span struct{ start, end int }

// hostChain is a run of labels separated by dot tokens.
type hostChain struct {
	start, end int
	labels     []span
	defanged   bool // a defanged dot was used
	ideo       bool // an ideographic/full-width dot was used
	nonASCII   bool
	cjk        bool // a label is of classCJK
	upper      bool // an ASCII upper-case letter occurs
	tooLong    bool
}

// parseChain parses labels separated by dots starting at s[start:]. Labels
// holds the label spans; it reuses buf. A trailing '-' or '_' is not part of
// the last label.
func parseChain(s string, start int, buf []span) hostChain {
	h := hostChain{start: start, end: start, labels: buf[:0]}
	pos := start
	for {
		ls := pos
		class := classNone
		for pos < len(s) {
			c := s[pos]
			if c < utf8.RuneSelf {
				if !asciiLabel[c] || class == classCJK {
					break
				}
				if c >= 'A' && c <= 'Z' {
					h.upper = true
				}
				class = classLatin
				pos++
				continue
			}
			cl, n := labelAt(s, pos)
			if cl == classNone || (class != classNone && cl != class) {
				break
			}
			class = cl
			h.nonASCII = true
			if cl == classCJK {
				h.cjk = true
			}
			pos += n
		}
		if pos == ls {
			break
		}
		h.labels = append(h.labels, span{ls, pos})
		h.end = pos
		if pos-ls > 4*63 || len(h.labels) > 127 {
			h.tooLong = true
		}
		n, kind := dotAt(s, pos)
		if n == 0 {
			break
		}
		if cl, _ := labelAt(s, pos+n); cl == classNone {
			break
		}
		switch kind {
		case dotDefanged:
			h.defanged = true
		case dotIdeo:
			h.ideo = true
		}
		pos += n
	}
	// Trim trailing '-' and '_' of the last label.
	for len(h.labels) > 0 {
		last := &h.labels[len(h.labels)-1]
		for last.end > last.start && (s[last.end-1] == '-' || s[last.end-1] == '_') {
			last.end--
		}
		if last.end > last.start {
			h.end = last.end
			break
		}
		h.labels = h.labels[:len(h.labels)-1]
		if len(h.labels) > 0 {
			h.end = h.labels[len(h.labels)-1].end
		} else {
			h.end = h.start
		}
	}
	return h
}

// lenient is the IDNA profile used to convert Unicode hosts to ASCII. It maps
// like a browser (case, width, compatibility forms) but does not reject
// labels: a mixed-script or otherwise odd host is exactly what a scam checker
// needs to report.
var lenient = idna.New(idna.MapForLookup(), idna.Transitional(false),
	idna.StrictDomainName(false), idna.CheckHyphens(false), idna.CheckJoiners(false))

// hostASCIIOK reports whether h consists of non-empty labels of [a-z0-9_-].
func hostASCIIOK(h string) bool {
	if h == "" || h[0] == '.' || h[len(h)-1] == '.' {
		return false
	}
	prevDot := false
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c == '.' {
			if prevDot {
				return false
			}
			prevDot = true
			continue
		}
		prevDot = false
		if c >= utf8.RuneSelf || !asciiLabel[c] || (c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// chainHost builds the normalised ASCII host of a chain: lower case, dots,
// punycode for non-ASCII labels. ok is false when the host cannot be
// converted or breaks DNS length limits.
func chainHost(s string, h *hostChain) (host string, ok bool) {
	if h.tooLong || len(h.labels) == 0 {
		return "", false
	}
	if !h.nonASCII && !h.defanged && !h.ideo && !h.upper {
		host = s[h.start:h.end]
	} else {
		var b strings.Builder
		b.Grow(h.end - h.start)
		for i, l := range h.labels {
			if i > 0 {
				b.WriteByte('.')
			}
			lab := s[l.start:l.end]
			for j := 0; j < len(lab); j++ {
				c := lab[j]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
		}
		host = b.String()
		if h.nonASCII {
			a, err := lenient.ToASCII(host)
			if err != nil || !hostASCIIOK(a) {
				a, err = idna.Punycode.ToASCII(strings.ToLower(host))
				if err != nil || !hostASCIIOK(a) {
					return "", false
				}
			}
			host = a
		}
	}
	if len(host) > 253 {
		return "", false
	}
	for rest := host; rest != ""; {
		i := strings.IndexByte(rest, '.')
		if i < 0 {
			i = len(rest)
		}
		if i == 0 || i > 63 {
			return "", false
		}
		if i == len(rest) {
			break
		}
		rest = rest[i+1:]
	}
	return host, true
}

// unicodeHost decodes punycode labels for display; it returns h unchanged
// when there are none or decoding fails.
func unicodeHost(h string) string {
	if !strings.Contains(h, "xn--") {
		return h
	}
	u, err := lenient.ToUnicode(h)
	if err != nil || u == "" || strings.Contains(u, "..") || u[0] == '.' || u[len(u)-1] == '.' {
		return h
	}
	return u
}

// lastLabel returns the part of h after its last dot.
func lastLabel(h string) string {
	return h[strings.LastIndexByte(h, '.')+1:]
}

// isNumericLabel reports whether l looks like an IPv4 component (decimal,
// octal or 0x-hex number), which makes the WHATWG URL parser treat the host
// as an IPv4 address.
func isNumericLabel(l string) bool {
	if l == "" {
		return false
	}
	if len(l) > 2 && l[0] == '0' && (l[1] == 'x' || l[1] == 'X') {
		for i := 2; i < len(l); i++ {
			if !isHex(l[i]) {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(l); i++ {
		if l[i] < '0' || l[i] > '9' {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'f')
}

// parseIPv4 parses h like inet_aton / the WHATWG URL standard: 1 to 4 parts
// in decimal, octal (leading 0) or hex (0x), the last part filling the
// remaining bytes. It returns the dotted-decimal form.
func parseIPv4(h string) (string, bool) {
	parts := strings.Split(h, ".")
	if len(parts) > 4 {
		return "", false
	}
	var nums [4]uint64
	for i, p := range parts {
		if p == "" {
			return "", false
		}
		base := 10
		switch {
		case len(p) > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'):
			base, p = 16, p[2:]
		case len(p) > 1 && p[0] == '0':
			base, p = 8, p[1:]
		}
		if len(p) > 12 {
			return "", false
		}
		v, err := strconv.ParseUint(p, base, 64)
		if err != nil {
			return "", false
		}
		nums[i] = v
	}
	n := len(parts)
	for i := 0; i < n-1; i++ {
		if nums[i] > 255 {
			return "", false
		}
	}
	if nums[n-1] >= 1<<(8*(5-n)) {
		return "", false
	}
	v := nums[n-1]
	for i := 0; i < n-1; i++ {
		v |= nums[i] << (8 * (3 - i))
	}
	a := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
	return a.String(), true
}

// isDottedQuad reports whether h is a plain dotted-decimal IPv4 address.
func isDottedQuad(h string) bool {
	a, err := netip.ParseAddr(h)
	return err == nil && a.Is4()
}

// suffixInfo returns the registrable domain (eTLD+1) of an ASCII host and
// whether its top-level label is a real TLD (an ICANN suffix, or a private
// suffix, which always sits under a real TLD). It never reports a TLD as
// known because of the implicit "*" rule.
func suffixInfo(host string) (domain string, tldKnown bool) {
	suffix, icann := publicsuffix.PublicSuffix(host)
	tldKnown = icann || strings.IndexByte(suffix, '.') >= 0
	if len(host) <= len(suffix) || host[len(host)-len(suffix)-1] != '.' {
		return "", tldKnown
	}
	rest := host[:len(host)-len(suffix)-1]
	return host[strings.LastIndexByte(rest, '.')+1:], tldKnown
}
