package lookalike

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Match says which brand a domain imitates, and how.
type Match struct {
	// Brand is the name of the imitated brand: "AliExpress".
	Brand string
	// Official is the brand's real domain, shown next to the lookalike.
	Official string
	// Technique is the signal name: "omission", "homoglyph", "combosquat"...
	Technique string
	// Distance is the number of letter edits between the domain's name and
	// the brand's (0 for an exact brand name used elsewhere).
	Distance int
	// Shown is the part of the address that imitates the brand, as a
	// person sees it ("aliexpres.com", "аliexpress.com (xn--...)").
	Shown string
	// Detail says what differs: "the letter \"s\" is missing".
	Detail string
}

// Evidence is the side-by-side line: "aliexpres.com vs aliexpress.com:
// the letter "s" is missing".
func (m Match) Evidence() string {
	return fmt.Sprintf("%s vs %s: %s", m.Shown, m.Official, m.Detail)
}

// token is a brand token prepared for comparisons.
type token struct {
	s     string
	fold  string
	brand int // index in Matcher.brands
	word  bool
	form  bool // a short form ("aliexp"): only next to a combo word or a hyphen
	maxD  int  // largest typo distance accepted
}

// Matcher compares domains with the protected brands. It is immutable
// after NewMatcher and safe for concurrent use.
type Matcher struct {
	brands   []Brand
	tokens   []token
	exact    map[string]int  // token -> index in tokens
	folded   map[string]int  // fold of token -> index in tokens
	official map[string]int  // official registrable domain -> brand
	allow    map[string]bool // popular unrelated domains
	words    map[string]bool // combo words
	minWord  int
	maxWord  int
	minTok   int // shortest token
	maxTok   int // longest token
}

// shortToken is the longest token matched only exactly.
const shortToken = 4

// NewMatcher prepares c for matching.
func NewMatcher(c *Catalog) *Matcher {
	m := &Matcher{
		exact: map[string]int{}, folded: map[string]int{}, official: map[string]int{},
		allow: map[string]bool{}, words: map[string]bool{}, minWord: 1 << 30, minTok: 1 << 30,
	}
	m.brands = append(m.brands, c.Brands...)
	for bi, b := range m.brands {
		for _, d := range b.Domains {
			m.official[d] = bi
		}
		for i, t := range append(slices.Clone(b.Tokens), b.ShortForms...) {
			if _, dup := m.exact[t]; dup {
				continue
			}
			tk := token{s: t, fold: string(foldASCII(nil, t)), brand: bi, word: b.Word, form: i >= len(b.Tokens)}
			switch n := len(t); {
			case n <= shortToken || tk.form:
				tk.maxD = 0
			case n <= 9:
				tk.maxD = 1
			default:
				tk.maxD = 2
			}
			m.minTok, m.maxTok = min(m.minTok, len(t)), max(m.maxTok, len(t))
			m.exact[t] = len(m.tokens)
			if _, ok := m.folded[tk.fold]; !ok {
				m.folded[tk.fold] = len(m.tokens)
			}
			m.tokens = append(m.tokens, tk)
		}
	}
	for _, d := range c.Allow {
		m.allow[d] = true
	}
	for _, w := range c.ComboWords {
		w = strings.ToLower(w)
		m.words[w] = true
		m.minWord = min(m.minWord, len(w))
		m.maxWord = max(m.maxWord, len(w))
	}
	return m
}

// Brands returns the protected brands.
func (m *Matcher) Brands() []Brand { return m.brands }

// Official reports whether host is an official domain of a brand or a
// subdomain of one.
func (m *Matcher) Official(host string) bool {
	_, ok := m.officialOf(host)
	return ok
}

func (m *Matcher) officialOf(host string) (int, bool) {
	for h := host; h != ""; {
		if bi, ok := m.official[h]; ok {
			return bi, true
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	return 0, false
}

// split cuts an ASCII host into its subdomain labels part, the name label
// of its registrable domain, and the public suffix: "a.b.evil.co.uk" ->
// "a.b", "evil", "co.uk". ok is false when the host has no registrable
// domain.
func split(host string) (sub, name, suffix string, ok bool) {
	suffix, _ = publicsuffix.PublicSuffix(host)
	if len(suffix) >= len(host) {
		return "", "", "", false
	}
	rest := host[:len(host)-len(suffix)-1]
	if i := strings.LastIndexByte(rest, '.'); i >= 0 {
		return rest[:i], rest[i+1:], suffix, true
	}
	return "", rest, suffix, true
}

// MatchHost judges a host name (ASCII or Unicode, lower case preferred).
func (m *Matcher) MatchHost(host string) (Match, bool) {
	return m.MatchURL(host, "")
}

// MatchURL judges a link from its host and its path.
func (m *Matcher) MatchURL(host, path string) (Match, bool) {
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return Match{}, false
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; c >= 0x80 || (c >= 'A' && c <= 'Z') {
			if a, err := idna.Lookup.ToASCII(host); err == nil {
				host = a
			} else {
				host = strings.ToLower(host)
			}
			break
		}
	}
	if _, ok := m.officialOf(host); ok {
		return Match{}, false
	}
	sub, name, suffix, ok := split(host)
	if !ok {
		return Match{}, false
	}
	reg := name + "." + suffix
	if m.allow[reg] {
		// A popular unrelated site: its own name is not judged, nor its
		// subdomains, except a brand name split by a dot ("ali.express.com").
		return m.splitCheck(sub, name, suffix)
	}
	if r, ok := m.label(name); ok {
		r.Shown = showHost(reg)
		if r.Technique == SignalExact {
			r.Technique = SignalTLDSwap
			r.Detail = fmt.Sprintf("the brand name on %q, which the brand does not use", "."+suffix)
		}
		return r, true
	}
	if sub != "" {
		if r, ok := m.subdomains(host, sub, reg); ok {
			return r, true
		}
		if r, ok := m.splitCheck(sub, name, suffix); ok {
			return r, true
		}
	}
	if path != "" {
		return m.inPath(path, reg)
	}
	return Match{}, false
}

// SignalExact is the internal technique of a label equal to a token.
const SignalExact = "exact"

// subdomains looks for a brand in the subdomain labels of a non-brand
// registrable domain reg.
func (m *Matcher) subdomains(host, sub, reg string) (Match, bool) {
	for sub != "" {
		l := sub
		if i := strings.IndexByte(sub, '.'); i >= 0 {
			l, sub = sub[:i], sub[i+1:]
		} else {
			sub = ""
		}
		if l == "www" || len(l) < 3 {
			continue
		}
		r, ok := m.label(l)
		if !ok || r.Distance > 0 {
			continue // a misspelled word in a subdomain is too weak a sign
		}
		r.Shown = showHost(host)
		how := ""
		if r.Technique != SignalExact {
			how = " (" + r.Detail + ")"
		}
		r.Detail = fmt.Sprintf("%q is only a subdomain%s; the site really is %s", showHost(l), how, showHost(reg))
		r.Technique = SignalSubdomain
		return r, true
	}
	return Match{}, false
}

// splitCheck finds a brand name spelled across labels: "ali.express.com".
func (m *Matcher) splitCheck(sub, name, suffix string) (Match, bool) {
	if sub == "" {
		return Match{}, false
	}
	sub = strings.TrimPrefix(sub, "www.")
	var buf [maxLabel + 1]byte
	b := buf[:0]
	for i := 0; i < len(sub) && len(b) < maxLabel; i++ {
		if sub[i] != '.' {
			b = append(b, sub[i])
		}
	}
	if len(b)+len(name) > maxLabel {
		return Match{}, false
	}
	b = append(b, name...)
	if ti, ok := m.exact[string(b)]; ok && len(m.tokens[ti].s) > shortToken {
		t := m.tokens[ti]
		br := &m.brands[t.brand]
		return Match{Brand: br.Name, Official: br.Main(), Technique: SignalSplit,
			Shown:  showHost(sub + "." + name + "." + suffix),
			Detail: fmt.Sprintf("the name %q is cut by a dot; the site really is %s", t.s, showHost(name+"."+suffix))}, true
	}
	return Match{}, false
}

// inPath finds a brand name in the path of a non-brand link.
func (m *Matcher) inPath(path, reg string) (Match, bool) {
	p := strings.ToLower(path)
	for _, t := range m.tokens {
		if t.word || len(t.s) <= shortToken {
			continue
		}
		if containsWord(p, t.s) {
			br := &m.brands[t.brand]
			return Match{Brand: br.Name, Official: br.Main(), Technique: SignalPath,
				Shown:  showHost(reg) + clipPath(path),
				Detail: fmt.Sprintf("the name %q is only in the path; the site really is %s", t.s, showHost(reg))}, true
		}
	}
	return Match{}, false
}

func clipPath(p string) string {
	if len(p) > 60 {
		return p[:60] + "…"
	}
	return p
}

// containsWord reports whether w occurs in p delimited by non-letters.
func containsWord(p, w string) bool {
	for i := 0; ; {
		j := strings.Index(p[i:], w)
		if j < 0 {
			return false
		}
		s, e := i+j, i+j+len(w)
		if (s == 0 || !isAlpha(p[s-1])) && (e == len(p) || !isAlpha(p[e])) {
			return true
		}
		i = s + 1
	}
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' }

// showHost returns the host for display: Unicode with the punycode form
// in brackets when it has "xn--" labels.
func showHost(h string) string {
	if !strings.Contains(h, "xn--") {
		return h
	}
	u, err := idna.Punycode.ToUnicode(h)
	if err != nil || u == h {
		return h
	}
	return u + " (" + h + ")"
}

// label compares one DNS label (ASCII, possibly punycode) with every brand
// token and returns the best match. Shown is left for the caller.
func (m *Matcher) label(l string) (Match, bool) {
	if len(l) < 3 || len(l) > maxLabel {
		return Match{}, false
	}
	idn := strings.HasPrefix(l, "xn--")
	w := l
	if idn {
		u, err := idna.Punycode.ToUnicode(l)
		if err != nil {
			return Match{}, false
		}
		w = skeleton(u)
		if len(w) > maxLabel {
			return Match{}, false
		}
		r, ok := m.word(w)
		if !ok {
			r, ok = m.foldNear(w)
		}
		if !ok {
			return Match{}, false
		}
		if r.Technique != SignalCombosquat {
			r.Technique = SignalHomoglyph
			r.Detail = glyphDetail(u)
		} else {
			r.Detail += "; " + glyphDetail(u)
		}
		return r, true
	}
	return m.word(w)
}

// foldNear compares the fold of an IDN label's skeleton w with the folded
// tokens, allowing the token's typo distance: "ə1iexpress".
func (m *Matcher) foldNear(w string) (Match, bool) {
	var fb [maxLabel * 2]byte
	fw := string(foldASCII(fb[:0], w))
	for ti := range m.tokens {
		t := &m.tokens[ti]
		if t.maxD == 0 {
			continue
		}
		if d := distance(fw, t.fold, t.maxD); d <= t.maxD {
			br := &m.brands[t.brand]
			return Match{Brand: br.Name, Official: br.Main(), Technique: SignalHomoglyph, Distance: d}, true
		}
	}
	return Match{}, false
}

// word compares an ASCII label with the tokens.
func (m *Matcher) word(w string) (Match, bool) {
	mk := func(ti int, tech string, d int, detail string) (Match, bool) {
		t := &m.tokens[ti]
		br := &m.brands[t.brand]
		return Match{Brand: br.Name, Official: br.Main(), Technique: tech, Distance: d, Detail: detail}, true
	}
	if ti, ok := m.exact[w]; ok && !m.tokens[ti].form {
		return mk(ti, SignalExact, 0, "")
	}
	var fb [maxLabel * 2]byte
	fw := foldASCII(fb[:0], w)
	if ti, ok := m.folded[string(fw)]; ok && len(m.tokens[ti].s) > shortToken && !m.tokens[ti].form {
		t := &m.tokens[ti]
		d := distance(w, t.s, len(w))
		if d == 1 {
			tech, detail := classify(w, t.s)
			return mk(ti, tech, d, detail)
		}
		return mk(ti, SignalHomoglyph, d, "letters that look alike: "+w+" for "+t.s)
	}
	hyphen := strings.IndexByte(w, '-') >= 0
	if hyphen {
		var hb [maxLabel]byte
		h := hb[:0]
		for i := 0; i < len(w); i++ {
			if w[i] != '-' {
				h = append(h, w[i])
			}
		}
		if ti, ok := m.exact[string(h)]; ok && len(h) > shortToken && !m.tokens[ti].form {
			return mk(ti, SignalHyphenation, 0, "hyphens are added")
		}
	}
	// Typos: bounded edit distance to each token of a similar length.
	best, bestD := -1, 3
	for ti := range m.tokens {
		t := &m.tokens[ti]
		if t.maxD == 0 {
			continue
		}
		d := distance(w, t.s, min(t.maxD, bestD-1))
		if d > t.maxD || d >= bestD {
			continue
		}
		if d == 2 && w[0] != t.s[0] {
			continue // two edits and another first letter: too far
		}
		best, bestD = ti, d
	}
	if best >= 0 {
		t := &m.tokens[best]
		if bestD == 1 {
			tech, detail := classify(w, t.s)
			return mk(best, tech, 1, detail)
		}
		return mk(best, SignalMisspelling, bestD, fmt.Sprintf("%q is %q with two letters changed", w, t.s))
	}
	// Combosquatting: a brand name with other words.
	for ti := range m.tokens {
		t := &m.tokens[ti]
		if len(t.s) <= shortToken || t.form || len(t.s) >= len(w) {
			continue
		}
		if i := strings.Index(w, t.s); i >= 0 {
			return mk(ti, SignalCombosquat, 0, comboDetail(t.s, w[:i], w[i+len(t.s):]))
		}
		if strings.Contains(string(fw), t.fold) {
			return mk(ti, SignalCombosquat, 0, fmt.Sprintf("the name %q written with lookalike letters, with other words", t.s))
		}
	}
	// Short tokens and misspelled tokens: next to a combo word or a hyphen.
	if hyphen {
		for seg := range strings.SplitSeq(w, "-") {
			if seg == "" || seg == w {
				continue
			}
			if r, ok := m.part(seg, w); ok {
				return r, true
			}
		}
	}
	return m.glued(w)
}

// part judges one hyphen-separated part of label w.
func (m *Matcher) part(seg, w string) (Match, bool) {
	if ti, ok := m.exact[seg]; ok {
		t := &m.tokens[ti]
		br := &m.brands[t.brand]
		return Match{Brand: br.Name, Official: br.Main(), Technique: SignalCombosquat,
			Detail: comboDetail(t.s, "", strings.TrimPrefix(strings.Replace(w, seg, "", 1), "-"))}, true
	}
	if r, ok := m.glued(seg); ok {
		return r, true
	}
	if len(seg) <= shortToken {
		return Match{}, false
	}
	for ti := range m.tokens {
		t := &m.tokens[ti]
		if t.maxD == 0 {
			continue
		}
		if d := distance(seg, t.s, t.maxD); d <= t.maxD && (d < 2 || seg[0] == t.s[0]) {
			br := &m.brands[t.brand]
			return Match{Brand: br.Name, Official: br.Main(), Technique: SignalCombosquat, Distance: d,
				Detail: fmt.Sprintf("the misspelled name %q (for %q) with other words", seg, t.s)}, true
		}
	}
	return Match{}, false
}

// glued finds a token, or a token one edit away, glued to a combo word at
// the start or the end of w: "dhlparcel", "mydhl", "aliexpresrefund".
func (m *Matcher) glued(w string) (Match, bool) {
	n := len(w)
	lo, hi := max(3, m.minTok-2), m.maxTok+2 // the lengths a core may have
	for p := 1; p < n; p++ {
		var core, rest string
		if l := n - p; p >= lo && p <= hi && l >= m.minWord && l <= m.maxWord && m.words[w[p:]] {
			core, rest = w[:p], w[p:]
		} else if l := n - p; l >= lo && l <= hi && p >= m.minWord && p <= m.maxWord && m.words[w[:p]] {
			core, rest = w[p:], w[:p]
		} else {
			continue
		}
		if len(core) < 3 {
			continue
		}
		if ti, ok := m.exact[core]; ok {
			t := &m.tokens[ti]
			br := &m.brands[t.brand]
			return Match{Brand: br.Name, Official: br.Main(), Technique: SignalCombosquat,
				Detail: comboDetail(t.s, "", rest)}, true
		}
		if len(core) <= shortToken {
			continue
		}
		for ti := range m.tokens {
			t := &m.tokens[ti]
			if t.maxD == 0 {
				continue
			}
			if d := distance(core, t.s, t.maxD); d <= t.maxD && (d < 2 || core[0] == t.s[0]) {
				br := &m.brands[t.brand]
				return Match{Brand: br.Name, Official: br.Main(), Technique: SignalCombosquat, Distance: d,
					Detail: fmt.Sprintf("the misspelled name %q (for %q) with the word %q", core, t.s, rest)}, true
			}
		}
	}
	return Match{}, false
}

func comboDetail(tok, before, after string) string {
	var words []string
	for _, s := range []string{before, after} {
		s = strings.Trim(s, "-")
		if s != "" {
			words = append(words, s)
		}
	}
	if len(words) == 0 {
		return fmt.Sprintf("the name %q with other words", tok)
	}
	return fmt.Sprintf("the name %q with the words %q", tok, strings.Join(words, " "))
}
