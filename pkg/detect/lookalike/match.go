package lookalike

import (
	"bytes"
	"fmt"
	"math/bits"
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
	form  bool   // a short form ("aliexp"): only next to a combo word or a hyphen
	maxD  int    // largest typo distance accepted
	mask  uint64 // charMask(s)
	fmask uint64 // charMask(fold)
	foldB []byte // fold as bytes, to search folded labels without copies
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
	platform map[string]bool // shared platforms: anyone gets a subdomain there
	// allowName holds the names of allowlisted domains that are not brand
	// tokens ("paypay" of paypay.ne.jp): on a platform, a subdomain with
	// such a name is that unrelated brand's.
	allowName map[string]bool
	review    map[string]bool // words of review and blog paths
	action    map[string]bool // words of login and payment paths
	words     map[string]bool // combo words
	minWord   int
	maxWord   int
	minTok    int // shortest token
	maxTok    int // longest token
	// wordLens[pairKey(w[0], w[1])] has bit len(w) set for each combo word
	// w of 2 to 63 letters; word1 has the symBit of each one-letter word.
	// They reject most candidates before a map lookup.
	wordLens [64 * 64]uint64
	word1    uint64
	// endLens[symCode[w[len(w)-1]]] has bit len(w) set for each combo word
	// w of 1 to 63 letters.
	endLens [64]uint64
	// typoBy[n] lists, in order, the tokens a label of n letters may be a
	// typo of (maxD > 0 and the lengths differ by at most maxD); comboBy[n]
	// the tokens that may be found inside it (longer than shortToken, not a
	// short form, shorter than n).
	typoBy  [maxLabel + 1][]int32
	comboBy [maxLabel + 1][]int32
}

// symCode numbers the symbols of symBit: 0-25 letters, 26-35 digits, 36
// the hyphen, 37 the dot, 63 anything else.
var symCode = func() (t [256]uint8) {
	for c := range t {
		t[c] = uint8(bits.TrailingZeros64(symBit[c]))
	}
	return t
}()

func pairKey(a, b byte) int { return int(symCode[a])<<6 | int(symCode[b]) }

// isWord reports whether s is a combo word.
func (m *Matcher) isWord(s string) bool {
	n := len(s)
	if n < m.minWord || n > m.maxWord {
		return false
	}
	switch {
	case n == 1:
		if m.word1&symBit[s[0]] == 0 {
			return false
		}
	case n >= 2 && n < 64:
		if m.endLens[symCode[s[n-1]]]&(1<<n) == 0 || m.wordLens[pairKey(s[0], s[1])]&(1<<n) == 0 {
			return false
		}
	}
	return m.words[s]
}

// shortToken is the longest token matched only exactly.
const shortToken = 4

// NewMatcher prepares c for matching.
func NewMatcher(c *Catalog) *Matcher {
	m := &Matcher{
		exact: map[string]int{}, folded: map[string]int{}, official: map[string]int{},
		allow: map[string]bool{}, platform: map[string]bool{}, allowName: map[string]bool{}, review: map[string]bool{},
		action: map[string]bool{}, words: map[string]bool{}, minWord: 1 << 30, minTok: 1 << 30,
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
			tk := token{s: t, fold: string(foldASCII(nil, t)), brand: bi, word: b.Word, form: i >= len(b.Tokens) || b.Exact}
			tk.mask, tk.fmask, tk.foldB = charMask(tk.s), charMask(tk.fold), []byte(tk.fold)
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
	for n := range m.typoBy {
		for ti, t := range m.tokens {
			if d := len(t.s) - n; t.maxD > 0 && d <= t.maxD && -d <= t.maxD {
				m.typoBy[n] = append(m.typoBy[n], int32(ti))
			}
			if len(t.s) > shortToken && !t.form && len(t.s) < n {
				m.comboBy[n] = append(m.comboBy[n], int32(ti))
			}
		}
	}
	for _, d := range c.Allow {
		m.allow[d] = true
		if _, name, _, ok := split(d); ok {
			if _, tok := m.exact[name]; !tok {
				m.allowName[name] = true
			}
		}
	}
	for _, d := range c.Platforms {
		m.platform[d] = true
	}
	for _, w := range c.ReviewWords {
		m.review[strings.ToLower(w)] = true
	}
	for _, w := range c.ActionWords {
		m.action[strings.ToLower(w)] = true
	}
	for _, w := range c.ComboWords {
		w = strings.ToLower(w)
		m.words[w] = true
		switch n := len(w); {
		case n == 1:
			m.word1 |= symBit[w[0]]
		case n >= 2 && n < 64:
			m.wordLens[pairKey(w[0], w[1])] |= 1 << n
		}
		if n := len(w); n >= 1 && n < 64 {
			m.endLens[symCode[w[n-1]]] |= 1 << n
		}
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
	reg := host[len(host)-len(name)-1-len(suffix):] // name + "." + suffix
	if m.allow[reg] {
		// A popular unrelated site: its own name is not judged, nor its
		// subdomains, except a brand name split by a dot ("ali.express.com")
		// and, on a shared platform ("medium.com"), a brand name in the
		// subdomain its user chose.
		if sub != "" && m.platform[reg] {
			if r, ok := m.subdomains(host, sub, reg, true); ok {
				return r, true
			}
		}
		return m.splitCheck(sub, name, suffix)
	}
	// On a shared platform ("paypay.github.io") the name of an allowlisted
	// unrelated site is that site's.
	if r, ok := m.label(name); ok && !(m.platform[suffix] && m.allowName[name]) {
		r.Shown = showHost(reg)
		if r.Technique == SignalExact {
			if m.platform[suffix] {
				// "aliexpress.github.io": the public suffix is a shared
				// platform, the name a site anyone could open there.
				r.Technique = SignalSubdomain
				r.Detail = fmt.Sprintf("%q is only a subdomain of %s, a shared platform where anyone can open a site", showHost(name), suffix)
			} else {
				r.Technique = SignalTLDSwap
				r.Detail = fmt.Sprintf("the brand name on %q, which the brand does not use", "."+suffix)
			}
		}
		return r, true
	}
	if sub != "" {
		if r, ok := m.subdomains(host, sub, reg, m.platform[reg]); ok {
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
// registrable domain reg. On a shared platform (zendesk.com, medium.com),
// where the user chooses the subdomain, a misspelled brand name counts too.
func (m *Matcher) subdomains(host, sub, reg string, platform bool) (Match, bool) {
	for sub != "" {
		l := sub
		if i := strings.IndexByte(sub, '.'); i >= 0 {
			l, sub = sub[:i], sub[i+1:]
		} else {
			sub = ""
		}
		if l == "www" || len(l) < 3 || (platform && m.allowName[l]) {
			continue
		}
		r, ok := m.label(l)
		if !ok || (r.Distance > 0 && !platform) {
			continue // elsewhere a misspelled word in a subdomain is too weak a sign
		}
		r.Shown = showHost(host)
		how := ""
		if r.Technique != SignalExact {
			how = " (" + r.Detail + ")"
		}
		if platform {
			r.Detail = fmt.Sprintf("%q is only a subdomain%s of %s, a shared platform where anyone can open a site", showHost(l), how, showHost(reg))
		} else {
			r.Detail = fmt.Sprintf("%q is only a subdomain%s; the site really is %s", showHost(l), how, showHost(reg))
		}
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
			r := Match{Brand: br.Name, Official: br.Main(), Technique: SignalPath,
				Shown:  showHost(reg) + clipPath(path),
				Detail: fmt.Sprintf("the name %q is only in the path; the site really is %s", t.s, showHost(reg))}
			if w, ok := m.reviewPath(p); ok {
				r.Technique = SignalPathReview
				r.Detail = fmt.Sprintf("the name %q is only in the path, next to %q as in a review or a blog post; the site really is %s", t.s, w, showHost(reg))
			}
			return r, true
		}
	}
	return Match{}, false
}

// reviewPath reports whether lower-case path p reads as an article about a
// brand: it has one of the review words ("review", "blog", "haul") and none
// of the action words ("login", "pay") of phishing pages. It returns the
// review word.
func (m *Matcher) reviewPath(p string) (string, bool) {
	found := ""
	for i := 0; i < len(p); {
		for i < len(p) && !isAlnum(p[i]) {
			i++
		}
		j := i
		for j < len(p) && isAlnum(p[j]) {
			j++
		}
		if w := p[i:j]; w != "" {
			if m.action[w] {
				return "", false
			}
			if found == "" && m.review[w] {
				found = w
			}
		}
		i = j
	}
	return found, found != ""
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

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
	if len(fw) > maxLabel {
		return Match{}, false
	}
	fm := charMask(fw)
	for ti := range m.tokens {
		t := &m.tokens[ti]
		if t.maxD == 0 || tooFar(len(fw), len(t.fold), fm, t.fmask, t.maxD) {
			continue
		}
		if d := bandDistance(fw, t.fold, t.maxD); d <= t.maxD {
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
	wm := charMask(w)
	best, bestD := -1, 3
	for _, ti := range m.typoBy[len(w)] {
		t := &m.tokens[ti]
		k := min(t.maxD, bestD-1)
		if tooFar(len(w), len(t.s), wm, t.mask, k) {
			continue
		}
		d := bandDistance(w, t.s, k)
		if d > t.maxD || d >= bestD {
			continue
		}
		if d == 2 && w[0] != t.s[0] {
			continue // two edits and another first letter: too far
		}
		best, bestD = int(ti), d
	}
	if best >= 0 {
		t := &m.tokens[best]
		if bestD == 1 {
			tech, detail := classify(w, t.s)
			return mk(best, tech, 1, detail)
		}
		return mk(best, SignalMisspelling, bestD, fmt.Sprintf("%q is %q with two letters changed", w, t.s))
	}
	// Combosquatting: a brand name with other words. A token whose letters
	// are not all in the label cannot be in it.
	fwm := bytesMask(fw)
	for _, ti := range m.comboBy[len(w)] {
		t := &m.tokens[ti]
		if t.mask&^wm == 0 {
			if i := strings.Index(w, t.s); i >= 0 {
				return mk(int(ti), SignalCombosquat, 0, comboDetail(t.s, w[:i], w[i+len(t.s):]))
			}
		}
		if t.fmask&^fwm == 0 && bytes.Contains(fw, t.foldB) {
			return mk(int(ti), SignalCombosquat, 0, fmt.Sprintf("the name %q written with lookalike letters, with other words", t.s))
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
	if len(seg) <= shortToken || len(seg) > maxLabel {
		return Match{}, false
	}
	sm := charMask(seg)
	for _, ti := range m.typoBy[len(seg)] {
		t := &m.tokens[ti]
		if tooFar(len(seg), len(t.s), sm, t.mask, t.maxD) {
			continue
		}
		if d := bandDistance(seg, t.s, t.maxD); d <= t.maxD && (d < 2 || seg[0] == t.s[0]) {
			br := &m.brands[t.brand]
			return Match{Brand: br.Name, Official: br.Main(), Technique: SignalCombosquat, Distance: d,
				Detail: fmt.Sprintf("the misspelled name %q (for %q) with other words", seg, t.s)}, true
		}
	}
	return Match{}, false
}

// cuts returns the places p (bit p, 0 < p < len(w) <= 63) where glued
// may cut w into a core of lo to hi letters and a combo word: in suf, the
// places where w[p:] ends with the last letter of a combo word of its
// length; in pre, those where w[:p] starts with the first two letters of
// one of its length. isWord is false for the other cuts.
func (m *Matcher) cuts(w string, lo, hi int) (suf, pre uint64) {
	n := len(w)
	if n < 2 {
		return 0, 0
	}
	// Bit l of endLens is bit n-l after reversing and shifting.
	suf = bits.Reverse64(m.endLens[symCode[w[n-1]]]) >> (63 - n)
	suf &= span(lo, hi) & span(n-m.maxWord, n-m.minWord)
	pre = m.wordLens[pairKey(w[0], w[1])]
	if m.word1&symBit[w[0]] != 0 {
		pre |= 1 << 1
	}
	pre &= span(m.minWord, m.maxWord) & span(n-hi, n-lo)
	all := span(1, n-1)
	return suf & all, pre & all
}

// span returns the bits lo to hi (clipped to 0..63).
func span(lo, hi int) uint64 {
	lo, hi = max(lo, 0), min(hi, 63)
	if lo > hi {
		return 0
	}
	return (^uint64(0) >> (63 - hi)) &^ (1<<lo - 1)
}

// glued finds a token, or a token one edit away, glued to a combo word at
// the start or the end of w: "dhlparcel", "mydhl", "aliexpresrefund".
func (m *Matcher) glued(w string) (Match, bool) {
	n := len(w)
	if n > maxLabel {
		return Match{}, false
	}
	lo, hi := max(3, m.minTok-2), m.maxTok+2 // the lengths a core may have
	suf, pre := m.cuts(w, lo, hi)
	for c := suf | pre; c != 0; c &= c - 1 {
		p := bits.TrailingZeros64(c)
		var core, rest string
		if suf&(1<<p) != 0 && m.isWord(w[p:]) {
			core, rest = w[:p], w[p:]
		} else if pre&(1<<p) != 0 && m.isWord(w[:p]) {
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
		if len(core) <= shortToken || len(core) > maxLabel {
			continue
		}
		cm := charMask(core)
		for _, ti := range m.typoBy[len(core)] {
			t := &m.tokens[ti]
			if tooFar(len(core), len(t.s), cm, t.mask, t.maxD) {
				continue
			}
			if d := bandDistance(core, t.s, t.maxD); d <= t.maxD && (d < 2 || core[0] == t.s[0]) {
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

// Platform reports whether host is on a shared hosting platform (its
// registrable domain or its public suffix is in the catalog's platforms),
// where anyone can open a site.
func (m *Matcher) Platform(host string) bool {
	if reg, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil && m.platform[reg] {
		return true
	}
	suffix, _ := publicsuffix.PublicSuffix(host)
	return m.platform[suffix]
}

// Allowed reports whether domain is on the allowlist of popular domains.
func (m *Matcher) Allowed(domain string) bool { return m.allow[domain] }
