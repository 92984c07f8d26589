package phrase

// This file keeps the original (pre-optimisation) parser and matcher as a
// test oracle: equiv_test.go checks that Compile and Match give exactly the
// same hits on the built-in rules and many texts.

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/scamcheck/scamcheck/pkg/normalize"
)

// refSlot is one word of an alternative: an exact word or a prefix.
type refSlot struct {
	word   string
	prefix bool
}

// refElement is one position of a pattern: a set of alternatives (each a run
// of words), how many other words may come before it, and whether it may
// be left out (a group with an empty alternative).
type refElement struct {
	gap      int
	alts     [][]refSlot
	optional bool
}

// refVariant is a pattern as a sequence of elements. A pattern whose first
// refElement is optional has two variants: with and without it.
type refVariant []refElement

// refItem is a parsed refElement of a pattern before normalisation.
type refItem struct {
	gap  int        // > 0 or -1 for an explicit gap marker; 0 for words
	alts [][]string // alternatives, each a list of raw words
}

// refWordCache remembers the canonical words of pattern words while one rule
// set is compiled; the same words recur in hundreds of patterns.
type refWordCache map[string][]string

// refParse turns a pattern into its variants. cache may be nil.
func refParse(p string, cache refWordCache) ([]refVariant, error) {
	items, err := refTokenize(p)
	if err != nil {
		return nil, err
	}
	var v refVariant
	pendingGap := 0
	for _, it := range items {
		if it.gap != 0 {
			if pendingGap != 0 {
				return nil, fmt.Errorf("two gaps in a row")
			}
			if len(v) == 0 {
				return nil, fmt.Errorf("pattern starts with a gap")
			}
			pendingGap = it.gap
			if it.gap < 0 {
				pendingGap = DefaultGap
			}
			continue
		}
		if len(it.alts) > maxAlternatives {
			return nil, fmt.Errorf("group has more than %d alternatives", maxAlternatives)
		}
		e := refElement{gap: pendingGap}
		for _, alt := range it.alts {
			if len(alt) == 0 {
				e.optional = true
				continue
			}
			var words []refSlot
			for _, w := range alt {
				s, err := refParseWord(w, cache)
				if err != nil {
					return nil, err
				}
				words = append(words, s...)
			}
			e.alts = append(e.alts, words)
		}
		pendingGap = 0
		if len(e.alts) == 0 {
			return nil, fmt.Errorf("group has only empty alternatives")
		}
		// A refPlain word right after a refPlain word joins its run: "western
		// union" is one refElement, so that it can also match "westernunion".
		if prev := len(v) - 1; prev >= 0 && e.gap == 0 && !e.optional && len(e.alts) == 1 &&
			!v[prev].optional && len(v[prev].alts) == 1 {
			v[prev].alts[0] = append(v[prev].alts[0], e.alts[0]...)
			continue
		}
		v = append(v, e)
	}
	if pendingGap != 0 {
		return nil, fmt.Errorf("pattern ends with a gap")
	}
	if len(v) == 0 {
		return nil, fmt.Errorf("pattern has no words")
	}
	for i := range v {
		v[i].alts = refWithJoined(v[i].alts)
	}
	// Leading optional elements: one refVariant without each of them.
	out := []refVariant{}
	for len(v) > 0 {
		first := v[0]
		first.optional = false
		out = append(out, append(refVariant{first}, v[1:]...))
		if !v[0].optional {
			break
		}
		v = v[1:]
		if len(v) > 0 {
			v = append(refVariant{{gap: 0, alts: v[0].alts, optional: v[0].optional}}, v[1:]...)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("pattern has no words")
	}
	return out, nil
}

// refWithJoined adds, for every alternative of two or more refPlain words, the
// same words written without spaces ("westernunion"), as spaced-out letters
// and some senders write them.
func refWithJoined(alts [][]refSlot) [][]refSlot {
	out := alts
	for _, a := range alts {
		if len(a) < 2 {
			continue
		}
		var b strings.Builder
		ok := true
		for _, s := range a {
			if !refPlain(s) {
				ok = false
				break
			}
			b.WriteString(s.word)
		}
		if ok && b.Len() >= 6 {
			out = append(out, []refSlot{{word: b.String()}})
		}
	}
	return out
}

// refPlain reports whether s is an exact word of letters (not a class, not a
// prefix, not a number).
func refPlain(s refSlot) bool {
	if s.prefix || s.word == "" || s.word[0] == '\x01' {
		return false
	}
	return strings.IndexFunc(s.word, func(r rune) bool { return r >= '0' && r <= '9' }) < 0
}

// refParseWord normalises one raw word of a pattern. Normalisation may split it
// ("don't" becomes "don" "t").
func refParseWord(w string, cache refWordCache) ([]refSlot, error) {
	if strings.HasPrefix(w, "{") {
		name := strings.TrimSuffix(strings.TrimPrefix(w, "{"), "}")
		tok, ok := Classes[name]
		if !ok || !strings.HasSuffix(w, "}") {
			return nil, fmt.Errorf("unknown class %q (known: {url} {money} {wallet} {phone} {handle} {num})", w)
		}
		return []refSlot{{word: tok}}, nil
	}
	prefix := strings.HasSuffix(w, "*")
	w = strings.TrimSuffix(w, "*")
	if strings.ContainsAny(w, "*{}()|~") {
		return nil, fmt.Errorf("unexpected character in word %q", w)
	}
	words, ok := cache[w]
	if !ok {
		words = refCanonicalWords(w)
		if cache != nil {
			cache[w] = words
		}
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("word %q has no letters or digits (punctuation and symbols are ignored in texts: leave them out)", w)
	}
	out := make([]refSlot, len(words))
	for i, x := range words {
		out[i] = refSlot{word: x}
	}
	if prefix {
		last := &out[len(out)-1]
		if len(last.word) < 3 {
			return nil, fmt.Errorf("prefix %q* is too short (at least 3 bytes)", last.word)
		}
		last.prefix = true
	}
	return out, nil
}

// refCanonicalWords returns the canonical words of w. Plain lowercase ASCII
// words, most of every rule file, are already canonical.
func refCanonicalWords(w string) []string {
	plainASCII := w != ""
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			plainASCII = false
			break
		}
	}
	if plainASCII {
		return []string{w}
	}
	return strings.Fields(normalize.String(w))
}

// refTokenize splits a pattern into words, gaps and groups.
func refTokenize(p string) ([]refItem, error) {
	var items []refItem
	i := 0
	for i < len(p) {
		c := p[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case strings.HasPrefix(p[i:], "..."):
			items = append(items, refItem{gap: -1})
			i += 3
		case c == '~':
			j := i + 1
			for j < len(p) && p[j] >= '0' && p[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(p[i+1 : j])
			if err != nil || n < 1 || n > MaxGap {
				return nil, fmt.Errorf("gap %q: want ~1 to ~%d", p[i:j], MaxGap)
			}
			items = append(items, refItem{gap: n})
			i = j
		case c == '(':
			j := strings.IndexByte(p[i:], ')')
			if j < 0 {
				return nil, fmt.Errorf("unclosed group at %q", p[i:])
			}
			body := p[i+1 : i+j]
			if strings.ContainsAny(body, "(") {
				return nil, fmt.Errorf("nested group at %q", p[i:i+j+1])
			}
			var alts [][]string
			for _, a := range strings.Split(body, "|") {
				f := strings.Fields(a)
				for _, w := range f {
					if w == "..." || strings.HasPrefix(w, "~") {
						return nil, fmt.Errorf("gap inside group %q", body)
					}
				}
				alts = append(alts, f)
			}
			items = append(items, refItem{alts: alts})
			i += j + 1
		case c == ')' || c == '|':
			return nil, fmt.Errorf("unexpected %q", c)
		default:
			j := i
			for j < len(p) && p[j] != ' ' && p[j] != '\t' && p[j] != '(' && p[j] != ')' && p[j] != '|' && !strings.HasPrefix(p[j:], "...") {
				j++
			}
			items = append(items, refItem{alts: [][]string{{p[i:j]}}})
			i = j
		}
	}
	return items, nil
}

// refDenseMin is the number of words from which Match keeps its per-id state
// in slices rather than maps.
const refDenseMin = 4096

// refBloomWindow is how many following words the per-position bloom refMasks
// summarise.
const refBloomWindow = 8

// refGroupIndexMin is the group size from which an refElement gets a map from
// first word to alternatives.
const refGroupIndexMin = 6

// refCelem is a compiled refElement: alternatives as word-id runs.
type refCelem struct {
	gap      int
	optional bool
	alts     [][]int32
	byFirst  map[int32][]int32 // first word id -> alternatives, for large groups
	firsts   []int32           // the distinct first word ids of the alternatives
	bloom    uint64            // refBloomBit of every first word id
}

// refCpattern is a compiled refVariant of a pattern of spec.
type refCpattern struct {
	spec   int32
	except bool
	elems  []refCelem
}

// refAnchor is an alternative of a pattern's first refElement, indexed by its
// first word.
type refAnchor struct {
	pattern int32
	alt     int32
	// last is the offset of the alternative's last word from its first;
	// next is the bloom mask of the next refElement's first words when that
	// refElement must start within refBloomWindow words (0: no filter).
	last int32
	next uint64
}

// refPrefixEntry is a wildcard word, indexed by its first three bytes.
type refPrefixEntry struct {
	prefix string
	id     int32
}

// refMatcher finds all specs in a text with one pass over its words: every word
// is looked up once in the vocabulary of all patterns (exact words in a hash
// table, wildcard prefixes by their first three bytes), and only patterns
// whose elements can all occur are verified, word by word, from the
// occurrences of their first refElement. Exception patterns are looked for only
// around hits of their own spec.
//
// A refMatcher is immutable after refCompile and safe for concurrent use.
type refMatcher struct {
	table    *refVocabTable
	prefixes map[uint32][]refPrefixEntry
	anchors  [][]refAnchor // word id -> pattern alternatives that start with it
	excepts  [][]refAnchor // the same for exception patterns
	patterns []refCpattern
	nspec    int
}

// refCompile builds a refMatcher for specs. Hits refer to specs by index. When
// patterns do not compile, the error is a CompileError listing all of them.
func refCompile(specs []Spec) (*refMatcher, error) {
	m := &refMatcher{
		prefixes: make(map[uint32][]refPrefixEntry),
		anchors:  [][]refAnchor{nil}, // id 0 is "no word"
		excepts:  [][]refAnchor{nil},
		nspec:    len(specs),
	}
	vocab := make(map[string]int32)
	prefixIDs := make(map[string]int32)
	newID := func() int32 {
		id := int32(len(m.anchors))
		m.anchors = append(m.anchors, nil)
		m.excepts = append(m.excepts, nil)
		return id
	}
	wordID := func(s refSlot) int32 {
		if s.prefix {
			if id, ok := prefixIDs[s.word]; ok {
				return id
			}
			id := newID()
			prefixIDs[s.word] = id
			k := refKey3(s.word)
			m.prefixes[k] = append(m.prefixes[k], refPrefixEntry{prefix: s.word, id: id})
			return id
		}
		if id, ok := vocab[s.word]; ok {
			return id
		}
		id := newID()
		vocab[s.word] = id
		return id
	}
	add := func(spec int, except bool, v refVariant) {
		cp := refCpattern{spec: int32(spec), except: except, elems: make([]refCelem, len(v))}
		for i, e := range v {
			ce := refCelem{gap: e.gap, optional: e.optional, alts: make([][]int32, len(e.alts))}
			for j, a := range e.alts {
				ids := make([]int32, len(a))
				for k, s := range a {
					ids[k] = wordID(s)
				}
				ce.alts[j] = ids
				if !slices.Contains(ce.firsts, ids[0]) {
					ce.firsts = append(ce.firsts, ids[0])
				}
				ce.bloom |= refBloomBit(ids[0])
			}
			if len(ce.alts) >= refGroupIndexMin {
				ce.byFirst = make(map[int32][]int32, len(ce.alts))
				for j, a := range ce.alts {
					ce.byFirst[a[0]] = append(ce.byFirst[a[0]], int32(j))
				}
			}
			cp.elems[i] = ce
		}
		idx := int32(len(m.patterns))
		m.patterns = append(m.patterns, cp)
		index := m.anchors
		if except {
			index = m.excepts
		}
		var next uint64
		if len(cp.elems) > 1 && !cp.elems[1].optional && cp.elems[1].gap < refBloomWindow {
			next = cp.elems[1].bloom
		}
		for j, a := range cp.elems[0].alts {
			index[a[0]] = append(index[a[0]], refAnchor{pattern: idx, alt: int32(j), last: int32(len(a) - 1), next: next})
		}
	}
	cache := make(refWordCache)
	var errs CompileError
	for si, sp := range specs {
		for _, group := range []struct {
			pats   []string
			except bool
		}{{sp.Patterns, false}, {sp.Except, true}} {
			for pi, p := range group.pats {
				vs, err := refParse(p, cache)
				if err != nil {
					errs = append(errs, &PatternError{Spec: si, Except: group.except, Index: pi, Pattern: p, Err: err})
					continue
				}
				for _, v := range vs {
					add(si, group.except, v)
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	words := make([]string, len(m.anchors))
	for w, id := range vocab {
		words[id] = w
	}
	m.table = refNewVocabTable(words)
	return m, nil
}

// refBloomBit maps a word id to one bit of a 64-bit bloom mask.
func refBloomBit(id int32) uint64 {
	return 1 << ((uint32(id) * 2654435761) >> 26)
}

// refKey3 returns the index key of a word: its first three bytes.
func refKey3(w string) uint32 {
	return uint32(w[0])<<16 | uint32(w[1])<<8 | uint32(w[2])
}

// Specs returns the number of specs the matcher was compiled from.
func (m *refMatcher) Specs() int { return m.nspec }

// Match returns the hits of all specs in t, ordered by spec and then by
// position, at most a few per spec. Hits cancelled by an exception of their
// spec are left out.
func (m *refMatcher) Match(t *normalize.Text) []Hit {
	n := t.Words()
	if n == 0 {
		return nil
	}
	// Pass 1: the vocabulary ids of every word. Words are read straight
	// from the canonical form (" w1 w2 ... wn "), hashing as we go.
	idStart := make([]int32, n+1)
	var ids []int32
	norm := t.Norm
	w := 0
	for i := 1; i < len(norm) && w < n; {
		h := uint32(refFnvOffset)
		j := i
		for j < len(norm) && norm[j] != ' ' {
			h ^= uint32(norm[j])
			h *= refFnvPrime
			j++
		}
		s := norm[i:j]
		idStart[w] = int32(len(ids))
		if id, ok := m.table.lookup(s, h); ok {
			ids = append(ids, id)
		}
		if len(s) >= 3 {
			for _, pe := range m.prefixes[refKey3(s)] {
				if strings.HasPrefix(s, pe.prefix) {
					ids = append(ids, pe.id)
				}
			}
		}
		if num, ok := m.table.lookup(NumToken, refFnv(NumToken)); ok && s[0] >= '0' && s[0] <= '9' {
			ids = append(ids, num)
		}
		w++
		i = j + 1
	}
	idStart[n] = int32(len(ids))
	if len(ids) == 0 {
		return nil
	}
	sc := refScan{ids: ids, idStart: idStart, n: n}
	sc.own, sc.ahead = refMasks(ids, idStart, n)
	// Which vocabulary words occur at all. For each word id seen, keep only
	// the anchored patterns all of whose required elements can occur; the
	// others are never verified.
	present := make([]uint64, (len(m.anchors)+63)/64)
	for _, id := range ids {
		present[id>>6] |= 1 << (id & 63)
	}
	var viableMap map[int32][]refAnchor
	var viableDense [][]refAnchor
	var seen []uint64
	if n < refDenseMin {
		viableMap = make(map[int32][]refAnchor)
	} else {
		viableDense = make([][]refAnchor, len(m.anchors))
		seen = make([]uint64, len(present))
	}
	// Pass 2: verify the patterns anchored at each word that has ids.
	var hits []Hit
	last := make([]int, m.nspec)   // per spec: end of the last hit + 1
	counts := make([]int, m.nspec) // hits so far
	for w := range n {
		for _, id := range ids[idStart[w]:idStart[w+1]] {
			var ans []refAnchor
			var ok bool
			if viableMap != nil {
				ans, ok = viableMap[id]
			} else {
				ans, ok = viableDense[id], seen[id>>6]&(1<<(id&63)) != 0
			}
			if !ok {
				for _, an := range m.anchors[id] {
					if m.patterns[an.pattern].possible(present) {
						ans = append(ans, an)
					}
				}
			}
			keep := ans[:0]
			for _, an := range ans {
				key := m.patterns[an.pattern].spec
				if counts[key] >= maxHitsPerSpec {
					continue // the spec has all the hits it keeps: drop the refAnchor
				}
				keep = append(keep, an)
				if w < last[key] {
					continue
				}
				if an.next != 0 {
					if e := w + int(an.last); e >= n || sc.ahead[e]&an.next == 0 {
						continue // the next refElement cannot start in time
					}
				}
				if end, ok := sc.match(&m.patterns[an.pattern], an.alt, w); ok {
					hits = append(hits, Hit{Spec: int(key), Start: w, End: end})
					last[key] = end + 1
					counts[key]++
				}
			}
			if viableMap != nil {
				viableMap[id] = keep
			} else {
				viableDense[id] = keep
				seen[id>>6] |= 1 << (id & 63)
			}
		}
	}
	if len(hits) > 0 {
		hits = m.cancel(&sc, hits, counts)
	}
	refSortHits(hits)
	return hits
}

// possible reports whether every required refElement of p has an alternative
// whose first word occurs in the text (present is a bitset of word ids).
// It is a cheap filter; verification checks every word.
func (p *refCpattern) possible(present []uint64) bool {
	for i := range p.elems {
		e := &p.elems[i]
		if e.optional {
			continue
		}
		ok := false
		for _, id := range e.firsts {
			if present[id>>6]&(1<<(id&63)) != 0 {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// cancel drops the hits that an exception pattern of the same spec overlaps
// or closely precedes. Exceptions are looked for only around hits, and only
// for specs that have hits.
func (m *refMatcher) cancel(sc *refScan, hits []Hit, counts []int) []Hit {
	var excepts []Hit
	visited := make(map[int]bool)
	for _, h := range hits {
		for w := max(0, h.Start-exceptReach); w <= h.End; w++ {
			if visited[w] {
				continue
			}
			visited[w] = true
			for _, id := range sc.ids[sc.idStart[w]:sc.idStart[w+1]] {
				for _, an := range m.excepts[id] {
					p := &m.patterns[an.pattern]
					if counts[p.spec] == 0 {
						continue
					}
					if end, ok := sc.match(p, an.alt, w); ok {
						excepts = append(excepts, Hit{Spec: int(p.spec), Start: w, End: end})
					}
				}
			}
		}
	}
	if len(excepts) == 0 {
		return hits
	}
	out := hits[:0]
	for _, h := range hits {
		keep := true
		for _, e := range excepts {
			if e.Spec == h.Spec && e.Start <= h.End && e.End >= h.Start-exceptWindow {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, h)
		}
	}
	return out
}

// refScan holds the per-text word ids during verification.
type refScan struct {
	ids     []int32
	idStart []int32
	n       int
	// own[w] is the bloom mask of the ids of word w; ahead[w] that of words
	// w+1 .. w+refBloomWindow: an refElement none of whose first words is in it
	// cannot start there.
	own, ahead []uint64
}

// refMasks computes refScan.own and refScan.ahead. ahead is built from spans of
// 2, 4 and 8 words (three ORs per word instead of eight).
func refMasks(ids, idStart []int32, n int) (own, ahead []uint64) {
	buf := make([]uint64, 2*(n+refBloomWindow+1))
	own, ahead = buf[:n+refBloomWindow+1], buf[n+refBloomWindow+1:]
	for w := range n {
		for _, id := range ids[idStart[w]:idStart[w+1]] {
			own[w] |= refBloomBit(id)
		}
	}
	// In place, from the left, so that every input is read before it is
	// overwritten: ahead[w] covers own[w..w+1], then w..w+3, then w..w+7,
	// and last w+1..w+8.
	for w := range n {
		ahead[w] = own[w] | own[w+1]
	}
	for w := range n {
		ahead[w] |= ahead[w+2]
	}
	for w := range n {
		ahead[w] |= ahead[w+4]
	}
	for w := range n {
		ahead[w] = ahead[w+1]
	}
	return own[:n], ahead[:n]
}

// has reports whether word w has vocabulary id id.
func (s *refScan) has(w int, id int32) bool {
	for _, x := range s.ids[s.idStart[w]:s.idStart[w+1]] {
		if x == id {
			return true
		}
	}
	return false
}

// match verifies pattern p anchored with its first refElement's alternative
// alt at word w, and returns the last word of the match.
func (s *refScan) match(p *refCpattern, alt int32, w int) (int, bool) {
	first := p.elems[0].alts[alt]
	if !s.run(first, w) {
		return 0, false
	}
	return s.from(p.elems, 1, w+len(first)-1, 0)
}

// run reports whether the words from w on are the ids of alt.
func (s *refScan) run(alt []int32, w int) bool {
	if w+len(alt) > s.n {
		return false
	}
	for k, id := range alt {
		if !s.has(w+k, id) {
			return false
		}
	}
	return true
}

// from matches elems[k:] after word prev, allowing carry more words of gap
// (left by skipped optional elements), and returns the last word matched.
func (s *refScan) from(elems []refCelem, k, prev, carry int) (int, bool) {
	if k == len(elems) {
		return prev, true
	}
	e := &elems[k]
	if !e.optional && e.gap+carry < refBloomWindow && s.ahead[prev]&e.bloom == 0 {
		return 0, false // no first word of the refElement in the window
	}
	for j := prev + 1; j <= prev+1+e.gap+carry && j < s.n; j++ {
		if s.own[j]&e.bloom == 0 {
			continue // no alternative can start with this word
		}
		if e.byFirst != nil {
			for _, id := range s.ids[s.idStart[j]:s.idStart[j+1]] {
				for _, ai := range e.byFirst[id] {
					if end, ok := s.try(elems, k, e.alts[ai], j); ok {
						return end, true
					}
				}
			}
			continue
		}
		for _, alt := range e.alts {
			if end, ok := s.try(elems, k, alt, j); ok {
				return end, true
			}
		}
	}
	if e.optional {
		return s.from(elems, k+1, prev, carry+e.gap)
	}
	return 0, false
}

// try matches alt at word j, then the rest of the pattern after it.
func (s *refScan) try(elems []refCelem, k int, alt []int32, j int) (int, bool) {
	if !s.run(alt, j) {
		return 0, false
	}
	return s.from(elems, k+1, j+len(alt)-1, 0)
}

// refSortHits orders hits by spec, then start.
func refSortHits(h []Hit) {
	slices.SortFunc(h, func(a, b Hit) int {
		if a.Spec != b.Spec {
			return cmp.Compare(a.Spec, b.Spec)
		}
		return cmp.Compare(a.Start, b.Start)
	})
}

// refVocabTable maps words to ids. It is an open-addressing hash table with
// FNV-1a hashing, built once by Compile and read-only afterwards; lookups
// hash the word while scanning it, which is cheaper than a Go map on the
// hot path of Match (one lookup per word of every text).
type refVocabTable struct {
	slots []uint32 // id+1, 0 for empty
	words []string // by id
	mask  uint32
}

const (
	refFnvOffset = 2166136261
	refFnvPrime  = 16777619
)

// refFnv hashes s with FNV-1a.
func refFnv(s string) uint32 {
	h := uint32(refFnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= refFnvPrime
	}
	return h
}

// refNewVocabTable builds the table for words, where words[id] is the word
// with that id ("" for ids that are not exact words, such as prefixes).
func refNewVocabTable(words []string) *refVocabTable {
	size := uint32(16)
	for size < uint32(len(words))*2 {
		size <<= 1
	}
	t := &refVocabTable{slots: make([]uint32, size), words: words, mask: size - 1}
	for id, w := range words {
		if w == "" {
			continue
		}
		i := refFnv(w) & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = uint32(id) + 1
	}
	return t
}

// lookup returns the id of s given its hash h.
func (t *refVocabTable) lookup(s string, h uint32) (int32, bool) {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.slots[i]
		if v == 0 {
			return 0, false
		}
		if t.words[v-1] == s {
			return int32(v - 1), true
		}
	}
}
