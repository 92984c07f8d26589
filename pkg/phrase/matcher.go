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

// exceptWindow is how many words before a hit an exception may start and
// still cancel it.
const exceptWindow = 3

// maxHitsPerSpec bounds the hits kept per spec and text.
const maxHitsPerSpec = 8

// celem is a compiled element: alternatives as word-id runs.
type celem struct {
	gap      int
	optional bool
	alts     [][]int32
	byFirst  map[int32][]int32 // first word id -> alternatives, for large groups
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
}

// prefixEntry is a wildcard word, indexed by its first three bytes.
type prefixEntry struct {
	prefix string
	id     int32
}

// Matcher finds all specs in a text with one pass over its words: every word
// is looked up once in the vocabulary of all patterns (exact words in a hash
// map, wildcard prefixes by their first three bytes), and only patterns whose
// first element occurs are verified, word by word, from there.
//
// A Matcher is immutable after Compile and safe for concurrent use.
type Matcher struct {
	vocab    map[string]int32
	prefixes map[uint32][]prefixEntry
	anchors  [][]anchor // word id -> pattern alternatives that start with it
	patterns []cpattern
	nspec    int
}

// groupIndexMin is the group size from which an element gets a map from
// first word to alternatives.
const groupIndexMin = 6

// Compile builds a Matcher for specs. Hits refer to specs by index.
func Compile(specs []Spec) (*Matcher, error) {
	m := &Matcher{
		vocab:    make(map[string]int32),
		prefixes: make(map[uint32][]prefixEntry),
		anchors:  [][]anchor{nil}, // id 0 is "no word"
		nspec:    len(specs),
	}
	prefixIDs := make(map[string]int32)
	wordID := func(s slot) int32 {
		if s.prefix {
			if id, ok := prefixIDs[s.word]; ok {
				return id
			}
			id := int32(len(m.anchors))
			m.anchors = append(m.anchors, nil)
			prefixIDs[s.word] = id
			k := key3(s.word)
			m.prefixes[k] = append(m.prefixes[k], prefixEntry{prefix: s.word, id: id})
			return id
		}
		if id, ok := m.vocab[s.word]; ok {
			return id
		}
		id := int32(len(m.anchors))
		m.anchors = append(m.anchors, nil)
		m.vocab[s.word] = id
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
		for j, a := range cp.elems[0].alts {
			m.anchors[a[0]] = append(m.anchors[a[0]], anchor{pattern: idx, alt: int32(j)})
		}
	}
	for si, sp := range specs {
		for _, group := range []struct {
			pats   []string
			except bool
		}{{sp.Patterns, false}, {sp.Except, true}} {
			for pi, p := range group.pats {
				vs, err := parse(p)
				if err != nil {
					return nil, &PatternError{Spec: si, Except: group.except, Index: pi, Pattern: p, Err: err}
				}
				for _, v := range vs {
					add(si, group.except, v)
				}
			}
		}
	}
	return m, nil
}

// key3 returns the index key of a word: its first three bytes.
func key3(w string) uint32 {
	return uint32(w[0])<<16 | uint32(w[1])<<8 | uint32(w[2])
}

// Specs returns the number of specs the matcher was compiled from.
func (m *Matcher) Specs() int { return m.nspec }

func (m *Matcher) Match(t *normalize.Text) []Hit {
	n := t.Words()
	if n == 0 {
		return nil
	}
	// Pass 1: the vocabulary ids of every word.
	idStart := make([]int32, n+1)
	var ids []int32
	for w := range n {
		idStart[w] = int32(len(ids))
		s := t.Word(w)
		if id, ok := m.vocab[s]; ok {
			ids = append(ids, id)
		}
		if len(s) >= 3 {
			for _, pe := range m.prefixes[key3(s)] {
				if strings.HasPrefix(s, pe.prefix) {
					ids = append(ids, pe.id)
				}
			}
		}
	}
	idStart[n] = int32(len(ids))
	if len(ids) == 0 {
		return nil
	}
	sc := scan{ids: ids, idStart: idStart, n: n}
	// Pass 2: verify the patterns anchored at each word that has ids.
	var hits, excepts []Hit
	last := make(map[int32]int) // spec -> end of its last hit (+1)
	counts := make(map[int32]int)
	for w := range n {
		for _, id := range ids[idStart[w]:idStart[w+1]] {
			for _, an := range m.anchors[id] {
				p := &m.patterns[an.pattern]
				key := p.spec
				if p.except {
					key = -1 - p.spec
				}
				if e, ok := last[key]; ok && w < e {
					continue
				}
				if counts[key] >= maxHitsPerSpec {
					continue
				}
				first := p.elems[0].alts[an.alt]
				if !sc.run(first, w) {
					continue
				}
				end, ok := sc.from(p.elems, 1, w+len(first)-1, 0)
				if !ok {
					continue
				}
				h := Hit{Spec: int(p.spec), Start: w, End: end}
				if p.except {
					excepts = append(excepts, h)
				} else {
					hits = append(hits, h)
				}
				last[key] = end + 1
				counts[key]++
			}
		}
	}
	if len(excepts) > 0 {
		hits = cancel(hits, excepts)
	}
	sortHits(hits)
	return hits
}

// scan holds the per-text word ids during verification.
type scan struct {
	ids     []int32
	idStart []int32
	n       int
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
	for j := prev + 1; j <= prev+1+e.gap+carry && j < s.n; j++ {
		if s.idStart[j] == s.idStart[j+1] {
			continue // the word is in no pattern
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

// cancel drops hits that an exception of the same spec overlaps or
// precedes closely.
func cancel(hits, excepts []Hit) []Hit {
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

// sortHits orders hits by spec, then start.
func sortHits(h []Hit) {
	slices.SortFunc(h, func(a, b Hit) int {
		if a.Spec != b.Spec {
			return cmp.Compare(a.Spec, b.Spec)
		}
		return cmp.Compare(a.Start, b.Start)
	})
}
