package extract

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"
)

// URL is one link or bare domain found in text.
type URL struct {
	// Raw is the URL exactly as it appeared in the original text (text[Start:End]).
	Raw string
	// Start and End are the byte offsets of Raw in the original text.
	Start, End int
	// URL is the normalised form: refanged, scheme lower-cased ("http://"
	// added when the text had none), host lower-case ASCII/punycode, trailing
	// punctuation removed.
	URL string
	// Scheme is the refanged, lower-case scheme ("http", "https", ...), or ""
	// when the text had none.
	Scheme string
	// Host is the ASCII host: lower case, punycode for IDN, no port, no
	// trailing dot, no brackets for IPv6; IPv4 in dotted-decimal form.
	Host string
	// HostUnicode is Host for display, with punycode labels decoded; it
	// equals Host when Host has no "xn--" label.
	HostUnicode string
	// Port is the port number as written, or "".
	Port string
	// Userinfo is the part before '@' in the authority (refanged), e.g.
	// "aliexpress.com" in https://aliexpress.com@evil.top/.
	Userinfo string
	// Path is the path, query and fragment as found ("[.]" refanged), or "".
	Path string
	// Domain is the registrable domain (eTLD+1, public suffix list including
	// private suffixes) of Host, or "" for IP hosts or when there is none.
	Domain string
	// DomainUnicode is Domain with punycode labels decoded for display.
	DomainUnicode string
	// IP reports that the host is an IPv4 (including decimal, octal and hex
	// forms such as http://3232235777/) or IPv6 literal.
	IP bool
	// Defanged reports that the URL was written defanged (hxxp, [.], (dot), [:]// ...).
	Defanged bool
	// Bare reports that the text had no scheme (bare domain or www. form).
	Bare bool
}

// maxURLs bounds the number of URLs returned for one text.
const maxURLs = 10000

// fileExtTLDs are TLDs that are also common file extensions. A bare name
// with no scheme, no "www." and no path, made of exactly two labels and
// ending in one of them ("readme.md", "setup.py", "photo.zip") is taken for
// a file name, not a domain. The list is kept small on purpose: busy
// country TLDs such as .pl, .cc, .ai or .me are not in it.
var fileExtTLDs = map[string]bool{
	"md": true, "sh": true, "py": true, "rs": true, "zip": true,
	"mov": true, "ps": true, "pub": true,
}

// titleTLDs are TLDs accepted in Title case ("Aliexpress.Com") for bare
// names. Any other Title-case TLD is taken for a sentence missing the space
// after its full stop ("...today.Click here", "Mr.Green").
var titleTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "info": true, "ru": true, "br": true,
	"es": true, "fr": true, "de": true, "pt": true, "mx": true, "ar": true,
	"uk": true, "cn": true, "ua": true, "kz": true, "by": true, "pl": true,
}

// knownSchemes may be followed by a single-label or numeric host.
var knownSchemes = map[string]bool{
	"http": true, "https": true, "ftp": true, "ftps": true, "sftp": true,
	"ws": true, "wss": true,
}

// anchor marks bytes that may start a scheme separator or a dot token.
var anchor = func() (t [256]bool) {
	for _, c := range []byte{'.', ':', '[', '(', '{', 0xE3, 0xEF} {
		t[c] = true
	}
	return t
}()

// pathStop marks ASCII bytes that end a path.
var pathStop = func() (t [128]bool) {
	for c := 0; c <= ' '; c++ {
		t[c] = true
	}
	for _, c := range []byte{'<', '>', '"', '`', '{', '}', '|', '\\', '^', 0x7F} {
		t[c] = true
	}
	return t
}()

// authStop marks ASCII bytes that end a userinfo look-ahead.
var authStop = func() (t [128]bool) {
	t = pathStop
	for _, c := range []byte{'/', '?', '#', '\'', '(', ')', ',', ';'} {
		t[c] = true
	}
	return t
}()

// scanner finds URLs in one text.
type scanner struct {
	s       string
	last    int  // end of the last URL
	floor   int  // end of the last host chain examined
	relaxed bool // ParseOne: no file-name / Title-case heuristics, bare IPs allowed
	labels  []span
	out     []URL
}

// URLs returns every URL and bare domain in text, in order of appearance,
// without duplicates by position.
//
// E-mail addresses are not links: the domain of "bob@shop.example.com" is
// not reported (nor is a scheme-less "aliexpress.com@evil.top", which is an
// address too). Bare names are reported only when their last label is a
// real TLD and they have a registrable domain; bare dotted IPv4 addresses
// only with a port or a path. At most 10,000 URLs are returned.
func URLs(text string) []URL {
	if !mayHaveURL(text) {
		return nil
	}
	sc := scanner{s: text}
	sc.run()
	return sc.out
}

// mayHaveURL is a cheap pre-check: every URL contains a dot token or "://",
// so text without '.', ':', "dot" or a CJK/full-width byte has none.
func mayHaveURL(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.', ':', 0xE3, 0xEF:
			return true
		case 'd', 'D':
			if i+2 < len(s) && s[i+1]|0x20 == 'o' && s[i+2]|0x20 == 't' {
				return true
			}
		}
	}
	return false
}

func (sc *scanner) run() {
	s := sc.s
	for i := 0; i < len(s); {
		if !anchor[s[i]] {
			i++
			continue
		}
		if n, _ := schemeSepAt(s, i); n > 0 {
			if u, ok := sc.tryScheme(i, n); ok {
				sc.emit(u)
				i = u.End
				continue
			}
		}
		if n, _ := dotAt(s, i); n > 0 {
			i = sc.tryBare(i, n)
			continue
		}
		i++
	}
}

func (sc *scanner) emit(u URL) {
	sc.last = u.End
	if sc.out == nil {
		sc.out = make([]URL, 0, 2)
	}
	if len(sc.out) < maxURLs {
		sc.out = append(sc.out, u)
	}
}

// schemeSepAt returns the length of a scheme separator ("://", "[:]//",
// "[://]") at s[i:], and whether it is defanged.
func schemeSepAt(s string, i int) (int, bool) {
	switch s[i] {
	case ':':
		if strings.HasPrefix(s[i:], "://") {
			return 3, false
		}
	case '[':
		if strings.HasPrefix(s[i:], "[:]//") || strings.HasPrefix(s[i:], "[://]") {
			return 5, true
		}
	}
	return 0, false
}

// normScheme refangs and lower-cases a scheme. known reports a web scheme.
func normScheme(raw string) (scheme string, defanged, known bool) {
	scheme = strings.ToLower(raw)
	switch scheme {
	case "hxxp", "hxtp", "htxp":
		return "http", true, true
	case "hxxps", "hxtps", "htxps":
		return "https", true, true
	case "fxp":
		return "ftp", true, true
	case "fxps":
		return "ftps", true, true
	}
	return scheme, false, knownSchemes[scheme]
}

// tryScheme parses a URL whose scheme separator starts at sep.
func (sc *scanner) tryScheme(sep, sepLen int) (URL, bool) {
	s := sc.s
	st := sep
	for st > sc.last && sep-st < 32 {
		c := s[st-1]
		if (c|0x20 >= 'a' && c|0x20 <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' {
			st--
			continue
		}
		break
	}
	for st < sep && !(s[st]|0x20 >= 'a' && s[st]|0x20 <= 'z') {
		st++
	}
	if st == sep || sep-st > 24 {
		return URL{}, false
	}
	scheme, defanged, known := normScheme(s[st:sep])
	if !known {
		// A word glued before a web scheme: "Clickhttps://...".
		for _, k := range []string{"https", "http", "hxxps", "hxxp", "ftp"} {
			if len(scheme) > len(k) && strings.HasSuffix(scheme, k) {
				st = sep - len(k)
				scheme, defanged, known = normScheme(s[st:sep])
				break
			}
		}
	}
	if sepLen != 3 {
		defanged = true
	}
	u := URL{Start: st, Scheme: scheme}
	p := sep + sepLen

	// Userinfo: the last '@' before the end of the authority.
	hostStart := p
	for j := p; j < len(s) && j-p < 256; {
		c := s[j]
		if c < utf8.RuneSelf {
			if authStop[c] {
				break
			}
			if c == '@' {
				hostStart = j + 1
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if r == utf8.RuneError || isCJK(r) || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
			break
		}
		j += n
	}
	if hostStart > p {
		ui := s[p : hostStart-1]
		if ui == "" {
			hostStart = p
		} else {
			u.Userinfo, defanged = refang(ui, defanged)
		}
	}

	// Host.
	end := hostStart
	if hostStart < len(s) && s[hostStart] == '[' {
		close := strings.IndexByte(s[hostStart:min(len(s), hostStart+64)], ']')
		if close < 0 {
			return URL{}, false
		}
		a, err := netip.ParseAddr(s[hostStart+1 : hostStart+close])
		if err != nil || !a.Is6() || a.Zone() != "" {
			return URL{}, false
		}
		u.Host, u.IP = a.String(), true
		end = hostStart + close + 1
	} else {
		h := parseChain(s, hostStart, sc.labels)
		sc.labels = h.labels
		if len(h.labels) == 0 {
			return URL{}, false
		}
		host, ok := chainHost(s, &h)
		if !ok {
			return URL{}, false
		}
		if h.defanged {
			defanged = true
		}
		end = h.end
		if isNumericLabel(lastLabel(host)) {
			if !known {
				return URL{}, false
			}
			ip, ok := parseIPv4(host)
			if !ok {
				return URL{}, false
			}
			u.Host, u.IP = ip, true
		} else {
			if len(h.labels) == 1 && (!known || u.Userinfo != "") {
				return URL{}, false
			}
			u.Host = host
		}
		end = fqdnDot(s, end)
	}
	end, u.Port = parsePort(s, end)
	pathStart := end
	if end < len(s) && (s[end] == '/' || s[end] == '?' || s[end] == '#') {
		end = parsePath(s, end)
	}
	if end == pathStart && u.Port == "" && s[end-1] == '.' {
		end-- // the trailing dot was punctuation after all
		pathStart--
	}
	sc.finish(&u, pathStart, end, defanged)
	return u, true
}

// fqdnDot skips the trailing dot of a fully qualified host name at s[end]
// when a port or path follows it.
func fqdnDot(s string, end int) int {
	if end+1 < len(s) && s[end] == '.' {
		switch s[end+1] {
		case '/', ':', '?', '#':
			return end + 1
		}
	}
	return end
}

// parsePort parses ":digits" at s[i:]; it returns the new end and the port.
func parsePort(s string, i int) (int, string) {
	if i >= len(s) || s[i] != ':' {
		return i, ""
	}
	j := i + 1
	v := 0
	for j < len(s) && j-i <= 5 && s[j] >= '0' && s[j] <= '9' {
		v = v*10 + int(s[j]-'0')
		j++
	}
	if j == i+1 || j-i > 6 || v > 65535 {
		return i, ""
	}
	if j < len(s) {
		if cl, _ := labelAt(s, j); cl != classNone {
			return i, ""
		}
	}
	return j, s[i+1 : j]
}

// parsePath returns the end of the path starting at s[i:], with trailing
// punctuation and unbalanced closing brackets removed.
func parsePath(s string, i int) int {
	start := i
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if pathStop[c] {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || isCJK(r) || r >= 0xFF00 && r <= 0xFFEF || unicode.IsSpace(r) || r == 0x200B ||
			(r >= 0x2010 && r <= 0x205F) || r == 0xAB || r == 0xBB || unicode.Is(unicode.C, r) {
			// CJK and full-width text, quotes «» “” ‘’, dashes, '…' end a path.
			break
		}
		i += n
	}
	return trimTrailing(s, start, i)
}

// trimTrailing removes trailing punctuation and unbalanced closing brackets
// from the path s[start:end].
func trimTrailing(s string, start, end int) int {
	counted := false
	var open, close, sqOpen, sqClose int
	for end > start {
		if end-start >= 3 && s[end-3:end] == "[.]" { // a defanged full stop
			end -= 3
			continue
		}
		switch c := s[end-1]; c {
		case '.', ',', ':', ';', '!', '?', '\'', '*':
			end--
			continue
		case ')', ']':
			if !counted {
				counted = true
				for _, b := range []byte(s[start:end]) {
					switch b {
					case '(':
						open++
					case ')':
						close++
					case '[':
						sqOpen++
					case ']':
						sqClose++
					}
				}
			}
			if c == ')' && open < close {
				close--
				end--
				continue
			}
			if c == ']' && sqOpen < sqClose {
				sqClose--
				end--
				continue
			}
		}
		break
	}
	return end
}

// refang replaces defanged dots ("[.]", "(.)", "{.}", "[dot]", ...) by '.'.
func refang(s string, defanged bool) (string, bool) {
	if strings.IndexAny(s, "[({") < 0 {
		return s, defanged
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if n, kind := dotAt(s, i); n > 0 && kind == dotDefanged {
			b.WriteByte('.')
			i += n
			defanged = true
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), defanged
}

// refangPath replaces "[.]" by '.' in a path; other defanged forms such
// as "(.)" or "[dot]" are left alone there, as they may be real path text.
func refangPath(p string, defanged bool) (string, bool) {
	if !strings.Contains(p, "[.]") {
		return p, defanged
	}
	return strings.ReplaceAll(p, "[.]", "."), true
}

// finish fills the derived fields of u; the path is s[pathStart:end].
func (sc *scanner) finish(u *URL, pathStart, end int, defanged bool) {
	s := sc.s
	u.End = end
	u.Raw = s[u.Start:end]
	u.Path, defanged = refangPath(s[pathStart:end], defanged)
	u.Defanged = defanged
	u.HostUnicode = u.Host
	if !u.IP {
		u.Domain, _ = suffixInfo(u.Host)
		u.HostUnicode = unicodeHost(u.Host)
		u.DomainUnicode = unicodeHost(u.Domain)
	}
	scheme := u.Scheme
	if scheme == "" {
		scheme = "http"
	}
	var b strings.Builder
	b.Grow(len(scheme) + 3 + len(u.Userinfo) + 1 + len(u.Host) + 2 + len(u.Port) + 1 + len(u.Path))
	b.WriteString(scheme)
	b.WriteString("://")
	if u.Userinfo != "" {
		b.WriteString(u.Userinfo)
		b.WriteByte('@')
	}
	if strings.IndexByte(u.Host, ':') >= 0 {
		b.WriteByte('[')
		b.WriteString(u.Host)
		b.WriteByte(']')
	} else {
		b.WriteString(u.Host)
	}
	if u.Port != "" {
		b.WriteByte(':')
		b.WriteString(u.Port)
	}
	b.WriteString(u.Path)
	u.URL = b.String()
}

// tryBare examines the dot token of length n at s[dot:] for a bare domain.
// It returns where scanning continues.
func (sc *scanner) tryBare(dot, n int) int {
	s := sc.s
	if cl, _ := labelAt(s, dot+n); cl == classNone {
		return dot + n
	}
	// Walk back over the label before the dot.
	class, _ := labelBefore(s, dot)
	if class == classNone || dot <= sc.last {
		return dot + n
	}
	ls := dot
	for ls > sc.last && ls > sc.floor {
		cl, sz := labelBefore(s, ls)
		if cl != class {
			break
		}
		ls -= sz
	}
	for ls < dot && (s[ls] == '-' || s[ls] == '_') {
		ls++
	}
	if ls == dot {
		return dot + n
	}
	h := parseChain(s, ls, sc.labels)
	sc.labels = h.labels
	skip := max(h.end, dot+n)
	sc.floor = h.end
	if len(h.labels) < 2 {
		return skip
	}
	// What precedes the name.
	if ls > 0 {
		switch s[ls-1] {
		case '@': // e-mail domain
			return skip
		case '/', '\\': // part of a path, unless protocol-relative "//host"
			if !(s[ls-1] == '/' && ls >= 2 && s[ls-2] == '/' && (ls == 2 || !strings.ContainsRune(":/\\", rune(s[ls-3])) && !isAlnum(s[ls-3]))) {
				return skip
			}
		case '.':
			if ls < 2 || s[ls-2] != '.' { // a lone dot, not an ellipsis
				return skip
			}
		}
	}
	end := h.end
	// E-mail local part ("john.smith@...") or userinfo without scheme.
	if end < len(s) && s[end] == '@' {
		if cl, _ := labelAt(s, end+1); cl != classNone {
			h2 := parseChain(s, end+1, sc.labels)
			sc.labels = h2.labels
			return max(h2.end, end+1)
		}
		return skip
	}
	host, ok := chainHost(s, &h)
	if !ok {
		return skip
	}
	u := URL{Start: ls, Bare: true}
	end = fqdnDot(s, end)
	end, u.Port = parsePort(s, end)
	pathStart := end
	hasPath := end < len(s) && s[end] == '/'
	if hasPath {
		end = parsePath(s, end)
	}
	if end == pathStart && u.Port == "" && s[end-1] == '.' {
		end-- // the trailing dot was punctuation after all
		pathStart--
	}
	tld := lastLabel(host)
	if isNumericLabel(tld) {
		if !isDottedQuad(host) || (!sc.relaxed && u.Port == "" && !hasPath) {
			return skip
		}
		u.Host, u.IP = host, true
		sc.finish(&u, pathStart, end, h.defanged)
		sc.emit(u)
		return end
	}
	domain, known := suffixInfo(host)
	if !known || domain == "" || strings.IndexByte(domain, '_') >= 0 {
		return skip
	}
	www := strings.HasPrefix(host, "www.")
	if !www && !h.defanged && !sc.relaxed {
		rawTLD := s[h.labels[len(h.labels)-1].start:h.end]
		if isTitle(rawTLD) && !titleTLDs[tld] {
			return skip
		}
		if len(h.labels) == 2 && !hasPath && u.Port == "" && fileExtTLDs[tld] {
			return skip
		}
		if h.ideo && h.cjk && !hasPath {
			return skip
		}
	}
	u.Host = host
	sc.finish(&u, pathStart, end, h.defanged)
	sc.emit(u)
	return end
}

// isTitle reports whether an ASCII word is Title-case ("Com", "Click").
func isTitle(w string) bool {
	if len(w) < 2 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for i := 1; i < len(w); i++ {
		if w[i] >= 'A' && w[i] <= 'Z' {
			return false
		}
	}
	return true
}

// ParseOne parses a single URL or bare domain given alone (for example one
// line of a URL list), refanging it. Surrounding spaces, quotes and angle
// brackets are ignored. Unlike URLs it accepts bare IPv4 addresses and names
// that look like file names ("photo.zip"). It returns an error
// "not a URL or domain: ..." for anything else, including e-mail addresses
// and text holding more than one URL.
func ParseOne(s string) (URL, error) {
	a, b := 0, len(s)
	for {
		t := s[a:b]
		l := strings.TrimLeftFunc(t, unicode.IsSpace)
		a += len(t) - len(l)
		b = a + len(strings.TrimRightFunc(l, unicode.IsSpace))
		if b-a >= 2 {
			c, d := s[a], s[b-1]
			if (c == '<' && d == '>') || (c == '"' && d == '"') || (c == '\'' && d == '\'') {
				a++
				b--
				continue
			}
		}
		break
	}
	t := s[a:b]
	if t == "" || strings.ContainsFunc(t, unicode.IsSpace) || !mayHaveURL(t) {
		return URL{}, fmt.Errorf("not a URL or domain: %q", s)
	}
	sc := scanner{s: t, relaxed: true}
	sc.run()
	if len(sc.out) != 1 || sc.out[0].Start != 0 || trimTrailing(t, sc.out[0].End, len(t)) != sc.out[0].End {
		return URL{}, fmt.Errorf("not a URL or domain: %q", s)
	}
	u := sc.out[0]
	u.Start += a
	u.End += a
	return u, nil
}
