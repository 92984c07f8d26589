package phrase

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/scamcheck/scamcheck/pkg/normalize"
)

// Spec is what one rule asks the matcher to find: its patterns, and the
// exception patterns that cancel a match they overlap (such as "never" in
// "never pay outside AliExpress").
type Spec struct {
	Patterns []string
	Except   []string
}

// Hit is one match of a spec: the words Start to End (inclusive) of the text.
type Hit struct {
	Spec       int
	Start, End int
}

// PatternError says which pattern of which spec could not be compiled.
type PatternError struct {
	Spec    int
	Except  bool
	Index   int
	Pattern string
	Err     error
}

func (e *PatternError) Error() string {
	kind := "pattern"
	if e.Except {
		kind = "except pattern"
	}
	return fmt.Sprintf("%s %q: %v", kind, e.Pattern, e.Err)
}

func (e *PatternError) Unwrap() error { return e.Err }

// CompileError lists every pattern that could not be compiled.
type CompileError []*PatternError

func (e CompileError) Error() string {
	msgs := make([]string, len(e))
	for i, pe := range e {
		msgs[i] = pe.Error()
	}
	return strings.Join(msgs, "\n")
}

// exceptWindow is how many words before a hit an exception may start and
// still cancel it.
const exceptWindow = 3

// maxHitsPerSpec bounds the hits kept per spec and text.
const maxHitsPerSpec = 8

// exceptReach is how many words before a hit an exception may start; it
// must also end no earlier than exceptWindow words before the hit.
const exceptReach = exceptWindow + 10

// denseMin is the number of words from which Match keeps its per-id state
// in slices rather than maps.
const denseMin = 4096

// bloomWindow is how many following words the per-position bloom masks
// summarise.
const bloomWindow = 8

// groupIndexMin is the group size from which an element gets a map from
// first word to alternatives.
const groupIndexMin = 6

// celem is a compiled element: alternatives as word-id runs.
type celem struct {
	gap      int
	optional bool
	alts     [][]int32
	byFirst  map[int32][]int32 // first word id -> alternatives, for large groups
	firsts   []int32           // the distinct first word ids of the alternatives
	bloom    uint64            // bloomBit of every first word id
}

// cpattern is a compiled variant of a pattern of spec.
type cpattern struct {
	spec   int32
	except bool
	elems  []celem
}

// anchor is an alternative of a pattern's first element, indexed by its
// first word.
type anchor struct {
	pattern int32
	alt     int32
	// last is the offset of the alternative's last word from its first;
	// next is the bloom mask of the next element's first words when that
	// element must start within bloomWindow words (0: no filter).
	last int32
	next uint64
}

// prefixEntry is a wildcard word, indexed by its first three bytes.
type prefixEntry struct {
	prefix string
	id     int32
}

// Matcher finds all specs in a text with one pass over its words: every word
// is looked up once in the vocabulary of all patterns (exact words in a hash
// table, wildcard prefixes by their first three bytes), and only patterns
// whose elements can all occur are verified, word by word, from the
// occurrences of their first element. Exception patterns are looked for only
// around hits of their own spec.
//
// A Matcher is immutable after Compile and safe for concurrent use.
type Matcher struct {
	table    *vocabTable
	prefixes map[uint32][]prefixEntry
	anchors  [][]anchor // word id -> pattern alternatives that start with it
	excepts  [][]anchor // the same for exception patterns
	patterns []cpattern
	nspec    int
}

// Compile builds a Matcher for specs. Hits refer to specs by index. When
// patterns do not compile, the error is a CompileError listing all of them.
func Compile(specs []Spec) (*Matcher, error) {
	m := &Matcher{
		prefixes: make(map[uint32][]prefixEntry),
		anchors:  [][]anchor{nil}, // id 0 is "no word"
		excepts:  [][]anchor{nil},
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
	wordID := func(s slot) int32 {
		if s.prefix {
			if id, ok := prefixIDs[s.word]; ok {
				return id
			}
			id := newID()
			prefixIDs[s.word] = id
			k := key3(s.word)
			m.prefixes[k] = append(m.prefixes[k], prefixEntry{prefix: s.word, id: id})
			return id
		}
		if id, ok := vocab[s.word]; ok {
			return id
		}
		id := newID()
		vocab[s.word] = id
		return id
	}
	add := func(spec int, except bool, v variant) {
		cp := cpattern{spec: int32(spec), except: except, elems: make([]celem, len(v))}
		for i, e := range v {
			ce := celem{gap: e.gap, optional: e.optional, alts: make([][]int32, len(e.alts))}
			for j, a := range e.alts {
				ids := make([]int32, len(a))
				for k, s := range a {
					ids[k] = wordID(s)
				}
				ce.alts[j] = ids
				if !slices.Contains(ce.firsts, ids[0]) {
					ce.firsts = append(ce.firsts, ids[0])
				}
				ce.bloom |= bloomBit(ids[0])
			}
			if len(ce.alts) >= groupIndexMin {
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
		if len(cp.elems) > 1 && !cp.elems[1].optional && cp.elems[1].gap < bloomWindow {
			next = cp.elems[1].bloom
		}
		for j, a := range cp.elems[0].alts {
			index[a[0]] = append(index[a[0]], anchor{pattern: idx, alt: int32(j), last: int32(len(a) - 1), next: next})
		}
	}
	cache := make(wordCache)
	var errs CompileError
	for si, sp := range specs {
		for _, group := range []struct {
			pats   []string
			except bool
		}{{sp.Patterns, false}, {sp.Except, true}} {
			for pi, p := range group.pats {
				vs, err := parse(p, cache)
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
	m.table = newVocabTable(words)
	return m, nil
}

// bloomBit maps a word id to one bit of a 64-bit bloom mask.
func bloomBit(id int32) uint64 {
	return 1 << ((uint32(id) * 2654435761) >> 26)
}

// key3 returns the index key of a word: its first three bytes.
func key3(w string) uint32 {
	return uint32(w[0])<<16 | uint32(w[1])<<8 | uint32(w[2])
}

// Specs returns the number of specs the matcher was compiled from.
func (m *Matcher) Specs() int { return m.nspec }

// Match returns the hits of all specs in t, ordered by spec and then by
// position, at most a few per spec. Hits cancelled by an exception of their
// spec are left out.
func (m *Matcher) Match(t *normalize.Text) []Hit {
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
		h := uint32(fnvOffset)
		j := i
		for j < len(norm) && norm[j] != ' ' {
			h ^= uint32(norm[j])
			h *= fnvPrime
			j++
		}
		s := norm[i:j]
		idStart[w] = int32(len(ids))
		if id, ok := m.table.lookup(s, h); ok {
			ids = append(ids, id)
		}
		if len(s) >= 3 {
			for _, pe := range m.prefixes[key3(s)] {
				if strings.HasPrefix(s, pe.prefix) {
					ids = append(ids, pe.id)
				}
			}
		}
		w++
		i = j + 1
	}
	idStart[n] = int32(len(ids))
	if len(ids) == 0 {
		return nil
	}
	sc := scan{ids: ids, idStart: idStart, n: n}
	sc.own, sc.ahead = masks(ids, idStart, n)
	// Which vocabulary words occur at all. For each word id seen, keep only
	// the anchored patterns all of whose required elements can occur; the
	// others are never verified.
	present := make([]uint64, (len(m.anchors)+63)/64)
	for _, id := range ids {
		present[id>>6] |= 1 << (id & 63)
	}
	var viableMap map[int32][]anchor
	var viableDense [][]anchor
	var seen []uint64
	if n < denseMin {
		viableMap = make(map[int32][]anchor)
	} else {
		viableDense = make([][]anchor, len(m.anchors))
		seen = make([]uint64, len(present))
	}
	// Pass 2: verify the patterns anchored at each word that has ids.
	var hits []Hit
	last := make([]int, m.nspec)   // per spec: end of the last hit + 1
	counts := make([]int, m.nspec) // hits so far
	for w := range n {
		for _, id := range ids[idStart[w]:idStart[w+1]] {
			var ans []anchor
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
					continue // the spec has all the hits it keeps: drop the anchor
				}
				keep = append(keep, an)
				if w < last[key] {
					continue
				}
				if an.next != 0 {
					if e := w + int(an.last); e >= n || sc.ahead[e]&an.next == 0 {
						continue // the next element cannot start in time
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
	sortHits(hits)
	return hits
}

// possible reports whether every required element of p has an alternative
// whose first word occurs in the text (present is a bitset of word ids).
// It is a cheap filter; verification checks every word.
func (p *cpattern) possible(present []uint64) bool {
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
func (m *Matcher) cancel(sc *scan, hits []Hit, counts []int) []Hit {
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

// scan holds the per-text word ids during verification.
type scan struct {
	ids     []int32
	idStart []int32
	n       int
	// own[w] is the bloom mask of the ids of word w; ahead[w] that of words
	// w+1 .. w+bloomWindow: an element none of whose first words is in it
	// cannot start there.
	own, ahead []uint64
}

// masks computes scan.own and scan.ahead. ahead is built from spans of
// 2, 4 and 8 words (three ORs per word instead of eight).
func masks(ids, idStart []int32, n int) (own, ahead []uint64) {
	buf := make([]uint64, 2*(n+bloomWindow+1))
	own, ahead = buf[:n+bloomWindow+1], buf[n+bloomWindow+1:]
	for w := range n {
		for _, id := range ids[idStart[w]:idStart[w+1]] {
			own[w] |= bloomBit(id)
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
func (s *scan) has(w int, id int32) bool {
	for _, x := range s.ids[s.idStart[w]:s.idStart[w+1]] {
		if x == id {
			return true
		}
	}
	return false
}

// match verifies pattern p anchored with its first element's alternative
// alt at word w, and returns the last word of the match.
func (s *scan) match(p *cpattern, alt int32, w int) (int, bool) {
	first := p.elems[0].alts[alt]
	if !s.run(first, w) {
		return 0, false
	}
	return s.from(p.elems, 1, w+len(first)-1, 0)
}

// run reports whether the words from w on are the ids of alt.
func (s *scan) run(alt []int32, w int) bool {
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
func (s *scan) from(elems []celem, k, prev, carry int) (int, bool) {
	if k == len(elems) {
		return prev, true
	}
	e := &elems[k]
	if !e.optional && e.gap+carry < bloomWindow && s.ahead[prev]&e.bloom == 0 {
		return 0, false // no first word of the element in the window
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
func (s *scan) try(elems []celem, k int, alt []int32, j int) (int, bool) {
	if !s.run(alt, j) {
		return 0, false
	}
	return s.from(elems, k+1, j+len(alt)-1, 0)
}

// sortHits orders hits by spec, then start.
func sortHits(h []Hit) {
	slices.SortFunc(h, func(a, b Hit) int {
		if a.Spec != b.Spec {
			return cmp.Compare(a.Spec, b.Spec)
		}
		return cmp.Compare(a.Start, b.Start)
	})
}
