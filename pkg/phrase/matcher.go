package phrase

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

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

// groupIndexMin is the group size from which an element gets an index from
// first word to alternatives.
const groupIndexMin = 6

// celem is a compiled element: alternatives as word-id runs.
type celem struct {
	gap      int32
	optional bool
	bloom    uint64    // bloomBit of every first word id
	alts     [][]int32 // alternatives, as word ids
	firsts   []int32   // the distinct first word ids of the alternatives, sorted
	// index, for groups of groupIndexMin alternatives or more: the
	// alternatives starting with firsts[i] are, in order,
	// index[len(firsts)+1+index[i] : len(firsts)+1+index[i+1]].
	index []int32
}

// altsFrom returns the indexes of the alternatives of e that start with id
// (e has an index).
func (e *celem) altsFrom(id int32) []int32 {
	f := e.firsts
	lo, hi := 0, len(f)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if f[m] < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(f) || f[lo] != id {
		return nil
	}
	order := e.index[len(f)+1:]
	return order[e.index[lo]:e.index[lo+1]]
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
	// second is its second word (when last > 0).
	last   int32
	second int32
	spec   int32
	// next is the bloom mask of the first words of the next element when
	// that element is required (0: no filter), and gap1 its gap: the
	// element must start at one of the gap1+1 words after the alternative.
	gap1 int32
	next uint64
}

// anchorIndex lists anchors by word id: list[start[id]:start[id+1]].
type anchorIndex struct {
	start []int32
	list  []anchor
}

func (x *anchorIndex) of(id int32) []anchor {
	return x.list[x.start[id]:x.start[id+1]]
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
	prefixes prefixTable
	// The prefixes that match each exact word of the vocabulary:
	// wordPrefixes[wordPrefixStart[id]:wordPrefixStart[id+1]].
	wordPrefixStart []int32
	wordPrefixes    []int32
	anchors         anchorIndex // word id -> pattern alternatives that start with it
	anchored        []uint64    // bitset of the word ids that have anchors
	excepts         anchorIndex // the same for exception patterns
	patterns        []cpattern
	nid             int   // word ids are 1 .. nid-1; 0 is "no word"
	numID           int32 // the id of NumToken when patterns use {num}, else 0
	nspec           int
	pool            sync.Pool // of *matchState
}

// anchorAt is an anchor and the word id it is indexed by, while compiling.
type anchorAt struct {
	id int32
	an anchor
}

// compiler holds the state of one Compile (or Validate) call.
type compiler struct {
	tz     tokenizer
	words  map[string]wordRef // raw pattern word -> its slots in wslots
	wslots []wslot
	one    [1]string

	// The pattern being parsed.
	elems []pelem
	alts  []span
	slots []wslot

	vocab      map[string]int32
	prefixIDs  map[string]int32
	prefixList []prefixEntry // in id order
	nid        int32

	// Scratch space for compiling an element.
	celems  []celem
	joined  []int32
	join    []byte
	order   []int32
	firstOf []int32

	// Arenas the compiled elements point into.
	idArena  []int32
	altArena [][]int32
	elArena  []celem

	patterns []cpattern
	anchors  []anchorAt
	excepts  []anchorAt
}

// newCompiler returns a compiler for about size bytes of patterns.
func newCompiler(size int) *compiler {
	return &compiler{
		words:     make(map[string]wordRef, size/32),
		vocab:     make(map[string]int32, size/40),
		prefixIDs: make(map[string]int32, size/400),
		nid:       1, // id 0 is "no word"
	}
}

// exactID returns the id of an exact word.
func (c *compiler) exactID(w string) int32 {
	if id, ok := c.vocab[w]; ok {
		return id
	}
	id := c.nid
	c.nid++
	c.vocab[w] = id
	return id
}

// prefixID returns the id of a wildcard prefix.
func (c *compiler) prefixID(p string) int32 {
	if id, ok := c.prefixIDs[p]; ok {
		return id
	}
	id := c.nid
	c.nid++
	c.prefixIDs[p] = id
	c.prefixList = append(c.prefixList, prefixEntry{prefix: p, id: id})
	return id
}

// arenaChunk is the size of the blocks the arenas are cut from.
const arenaChunk = 1 << 14

// newIDs returns a slice of n word ids from the arena.
func (c *compiler) newIDs(n int) []int32 {
	if len(c.idArena)+n > cap(c.idArena) {
		c.idArena = make([]int32, 0, max(arenaChunk, n))
	}
	k := len(c.idArena)
	c.idArena = c.idArena[:k+n]
	return c.idArena[k : k+n : k+n]
}

// newAlts returns a slice of n alternatives from the arena.
func (c *compiler) newAlts(n int) [][]int32 {
	if len(c.altArena)+n > cap(c.altArena) {
		c.altArena = make([][]int32, 0, max(arenaChunk/4, n))
	}
	k := len(c.altArena)
	c.altArena = c.altArena[:k+n]
	return c.altArena[k : k+n : k+n]
}

// newElems returns a slice of n elements from the arena.
func (c *compiler) newElems(n int) []celem {
	if len(c.elArena)+n > cap(c.elArena) {
		c.elArena = make([]celem, 0, max(arenaChunk/16, n))
	}
	k := len(c.elArena)
	c.elArena = c.elArena[:k+n]
	return c.elArena[k : k+n : k+n]
}

// compileElem compiles element e of the pattern just parsed. Every
// alternative of two or more plain words is also matched written without
// spaces ("westernunion"), as spaced-out letters and some senders write it.
func (c *compiler) compileElem(e pelem) celem {
	ce := celem{gap: int32(e.gap), optional: e.optional}
	c.joined = c.joined[:0]
	for _, a := range c.alts[e.alts.lo:e.alts.hi] {
		if a.hi-a.lo < 2 {
			continue
		}
		c.join = c.join[:0]
		ok := true
		for _, s := range c.slots[a.lo:a.hi] {
			if !s.plain {
				ok = false
				break
			}
			c.join = append(c.join, s.word...)
		}
		if ok && len(c.join) >= 6 {
			id, found := c.vocab[string(c.join)]
			if !found {
				id = c.exactID(string(c.join))
			}
			c.joined = append(c.joined, id)
		}
	}
	nalts := int(e.alts.hi-e.alts.lo) + len(c.joined)
	ce.alts = c.newAlts(nalts)
	c.firstOf = c.firstOf[:0]
	for j, a := range c.alts[e.alts.lo:e.alts.hi] {
		ids := c.newIDs(int(a.hi - a.lo))
		for k, s := range c.slots[a.lo:a.hi] {
			ids[k] = s.id
		}
		ce.alts[j] = ids
	}
	for j, id := range c.joined {
		ids := c.newIDs(1)
		ids[0] = id
		ce.alts[nalts-len(c.joined)+j] = ids
	}
	for _, a := range ce.alts {
		ce.bloom |= bloomBit(a[0])
		c.firstOf = append(c.firstOf, a[0])
	}
	// The distinct first words, sorted, and the index of large groups.
	c.order = c.order[:0]
	for j := range nalts {
		c.order = append(c.order, int32(j))
	}
	slices.SortStableFunc(c.order, func(a, b int32) int { return cmp.Compare(c.firstOf[a], c.firstOf[b]) })
	nfirst := 0
	for i, j := range c.order {
		if i == 0 || c.firstOf[j] != c.firstOf[c.order[i-1]] {
			nfirst++
		}
	}
	if nalts < groupIndexMin {
		ce.firsts = c.newIDs(nfirst)
		k := 0
		for i, j := range c.order {
			if i == 0 || c.firstOf[j] != c.firstOf[c.order[i-1]] {
				ce.firsts[k] = c.firstOf[j]
				k++
			}
		}
		return ce
	}
	buf := c.newIDs(nfirst + nfirst + 1 + nalts)
	ce.firsts, ce.index = buf[:nfirst:nfirst], buf[nfirst:]
	k := 0
	for i, j := range c.order {
		if i == 0 || c.firstOf[j] != c.firstOf[c.order[i-1]] {
			ce.firsts[k] = c.firstOf[j]
			ce.index[k] = int32(i)
			k++
		}
		ce.index[nfirst+1+i] = j
	}
	ce.index[nfirst] = int32(nalts)
	return ce
}

// emit adds the pattern just parsed as compiled variants: a pattern whose
// first element is optional has one variant with it and one without (and so
// on while the new first element is optional).
func (c *compiler) emit(spec int, except bool) {
	c.celems = c.celems[:0]
	for _, e := range c.elems {
		c.celems = append(c.celems, c.compileElem(e))
	}
	for k := range c.celems {
		if k > 0 && !c.elems[k-1].optional {
			break
		}
		el := c.newElems(len(c.celems) - k)
		copy(el, c.celems[k:])
		el[0].gap, el[0].optional = 0, false
		c.patterns = append(c.patterns, cpattern{spec: int32(spec), except: except, elems: el})
		c.addAnchors(len(c.patterns) - 1)
	}
}

// addAnchors indexes the alternatives of the first element of pattern idx.
func (c *compiler) addAnchors(idx int) {
	p := &c.patterns[idx]
	el := p.elems
	var next uint64
	var gap1 int32
	if len(el) > 1 && !el[1].optional {
		next, gap1 = el[1].bloom, el[1].gap
	}
	for j, a := range el[0].alts {
		at := anchorAt{id: a[0], an: anchor{pattern: int32(idx), alt: int32(j), last: int32(len(a) - 1), spec: p.spec, gap1: gap1, next: next}}
		if len(a) > 1 {
			at.an.second = a[1]
		}
		if p.except {
			c.excepts = append(c.excepts, at)
		} else {
			c.anchors = append(c.anchors, at)
		}
	}
}

// indexAnchors groups anchors by word id, keeping their order.
func indexAnchors(ats []anchorAt, nid int) anchorIndex {
	x := anchorIndex{start: make([]int32, nid+1), list: make([]anchor, len(ats))}
	for _, at := range ats {
		x.start[at.id+1]++
	}
	for i := 1; i <= nid; i++ {
		x.start[i] += x.start[i-1]
	}
	pos := slices.Clone(x.start[:nid])
	for _, at := range ats {
		x.list[pos[at.id]] = at.an
		pos[at.id]++
	}
	return x
}

// Compile builds a Matcher for specs. Hits refer to specs by index. When
// patterns do not compile, the error is a CompileError listing all of them.
//
// The built-in rules come compiled from a snapshot (see snapshot.go).
func Compile(specs []Spec) (*Matcher, error) {
	if m := fromSnapshot(specs); m != nil {
		return m, nil
	}
	return compile(specs)
}

// setNumID looks up the id of the {num} class token.
func (m *Matcher) setNumID() {
	if id, ok := m.table.lookup(NumToken, fnv(NumToken)); ok {
		m.numID = id
	}
}

// compile compiles specs.
func compile(specs []Spec) (*Matcher, error) {
	size := 0
	for _, sp := range specs {
		for _, p := range sp.Patterns {
			size += len(p)
		}
		for _, p := range sp.Except {
			size += len(p)
		}
	}
	c := newCompiler(size)
	var errs CompileError
	for si, sp := range specs {
		for pi, p := range sp.Patterns {
			if err := c.parse(p); err != nil {
				errs = append(errs, &PatternError{Spec: si, Index: pi, Pattern: p, Err: err})
				continue
			}
			c.emit(si, false)
		}
		for pi, p := range sp.Except {
			if err := c.parse(p); err != nil {
				errs = append(errs, &PatternError{Spec: si, Except: true, Index: pi, Pattern: p, Err: err})
				continue
			}
			c.emit(si, true)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	words := make([]string, c.nid)
	for w, id := range c.vocab {
		words[id] = w
	}
	return c.matcher(words, len(specs)), nil
}

// matcher builds the Matcher from what was compiled (or decoded): words by
// id ("" for prefixes), prefixes, anchors and patterns.
func (c *compiler) matcher(words []string, nspec int) *Matcher {
	nid := len(words)
	m := &Matcher{
		table:    newVocabTable(words),
		prefixes: newPrefixTable(c.prefixList),
		anchors:  indexAnchors(c.anchors, nid),
		excepts:  indexAnchors(c.excepts, nid),
		patterns: c.patterns,
		nid:      nid,
		nspec:    nspec,
	}
	m.anchored = make([]uint64, (nid+63)/64)
	for id := range nid {
		if m.anchors.start[id] != m.anchors.start[id+1] {
			m.anchored[id>>6] |= 1 << (id & 63)
		}
	}
	m.wordPrefixStart = make([]int32, nid+1)
	for id, w := range words {
		m.wordPrefixStart[id] = int32(len(m.wordPrefixes))
		if len(w) >= 3 {
			for _, pe := range m.prefixes.lookup(key3(w)) {
				if strings.HasPrefix(w, pe.prefix) {
					m.wordPrefixes = append(m.wordPrefixes, pe.id)
				}
			}
		}
	}
	m.wordPrefixStart[nid] = int32(len(m.wordPrefixes))
	m.setNumID()
	return m
}

// bloomBit maps a word id to one bit of a 64-bit bloom mask.
func bloomBit(id int32) uint64 {
	return 1 << ((uint32(id) * 2654435761) >> 26)
}

// key3 returns the index key of a word: its first three bytes.
func key3(w string) uint32 {
	return uint32(w[0])<<16 | uint32(w[1])<<8 | uint32(w[2])
}

// prefixTable maps the first three bytes of a word to the wildcard prefixes
// that start with them (in the order they were first seen): an
// open-addressing table of keys, each with its range of entries.
type prefixTable struct {
	keys    []uint32 // key3+1, 0 for empty
	spans   []span
	entries []prefixEntry
	shift   uint32
}

func newPrefixTable(list []prefixEntry) prefixTable {
	bits := uint32(4)
	for 1<<bits < 2*len(list) {
		bits++
	}
	t := prefixTable{keys: make([]uint32, 1<<bits), spans: make([]span, 1<<bits), shift: 32 - bits}
	// Group the entries by key, keeping their order within a key.
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(key3(list[a].prefix), key3(list[b].prefix)) })
	t.entries = make([]prefixEntry, len(list))
	for i, j := range order {
		t.entries[i] = list[j]
	}
	for i := 0; i < len(t.entries); {
		k := key3(t.entries[i].prefix)
		j := i + 1
		for j < len(t.entries) && key3(t.entries[j].prefix) == k {
			j++
		}
		s := t.slot(k)
		t.keys[s] = k + 1
		t.spans[s] = span{int32(i), int32(j)}
		i = j
	}
	return t
}

// slot returns the slot of key k: where it is, or the empty slot where it
// belongs.
func (t *prefixTable) slot(k uint32) uint32 {
	mask := uint32(len(t.keys) - 1)
	for i := (k * 2654435761) >> t.shift; ; i = (i + 1) & mask {
		if v := t.keys[i]; v == 0 || v == k+1 {
			return i
		}
	}
}

// lookup returns the prefixes whose first three bytes are k.
func (t *prefixTable) lookup(k uint32) []prefixEntry {
	s := t.slot(k)
	if t.keys[s] == 0 {
		return nil
	}
	sp := t.spans[s]
	return t.entries[sp.lo:sp.hi]
}

// Specs returns the number of specs the matcher was compiled from.
func (m *Matcher) Specs() int { return m.nspec }

// matchState is the scratch space of one Match call. States are reused
// (Matcher.pool): everything indexed by word id or spec is left clean after
// use, so that a short text costs no clearing of them.
type matchState struct {
	idStart []int32
	ids     []int32
	own     []uint64 // per word: the bloom mask of its ids
	present []uint64 // bitset of the word ids of the text
	// viable[id] is 0 when the anchors of id that are possible in the text
	// are not known yet, or start<<32 | (n+1) for abuf[start:start+n].
	viable  []uint64
	abuf    []anchor
	touched []int32 // ids set in viable
	spec    []int32 // per spec: end of the last hit + 1, then hits so far
	visited []uint64
	// possible[p] caches patterns[p].possible for the text: 0 not known,
	// 1 no, 2 yes (a pattern is anchored on every alternative of its first
	// element, so many anchors share it); ptouched lists the set ones.
	possible []uint8
	ptouched []int32
}

func (m *Matcher) getState() *matchState {
	if st, ok := m.pool.Get().(*matchState); ok {
		return st
	}
	return &matchState{
		present:  make([]uint64, (m.nid+63)/64),
		viable:   make([]uint64, m.nid),
		spec:     make([]int32, 2*m.nspec),
		possible: make([]uint8, len(m.patterns)),
	}
}

func (m *Matcher) putState(st *matchState) {
	for _, id := range st.touched {
		st.viable[id] = 0
	}
	for _, id := range st.ids {
		st.present[id>>6] = 0
	}
	clear(st.spec)
	for _, p := range st.ptouched {
		st.possible[p] = 0
	}
	st.touched, st.abuf, st.ids, st.ptouched = st.touched[:0], st.abuf[:0], st.ids[:0], st.ptouched[:0]
	m.pool.Put(st) // a pool drops what it holds at garbage collection
}

// grow returns s with length n, reusing its array when it is large enough
// (the contents are not cleared).
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n, n+n/4)
}

// Match returns the hits of all specs in t, ordered by spec and then by
// position, at most a few per spec. Hits cancelled by an exception of their
// spec are left out.
func (m *Matcher) Match(t *normalize.Text) []Hit {
	n := t.Words()
	if n == 0 {
		return nil
	}
	st := m.getState()
	defer m.putState(st)
	// Pass 1: the vocabulary ids of every word, and the bloom mask of each
	// word's ids. Words are read straight from the canonical form
	// (" w1 w2 ... wn "), hashing as we go.
	idStart := grow(st.idStart, n+1)
	st.idStart = idStart
	ids := st.ids[:0]
	own := grow(st.own, n)
	st.own = own
	var textBloom uint64
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
		var mask uint64
		if id, ok := m.table.lookup(s, h); ok {
			// A word of the vocabulary: its prefixes are known.
			ids = append(ids, id)
			mask = bloomBit(id)
			for _, pid := range m.wordPrefixes[m.wordPrefixStart[id]:m.wordPrefixStart[id+1]] {
				ids = append(ids, pid)
				mask |= bloomBit(pid)
			}
		} else if len(s) >= 3 {
			for _, pe := range m.prefixes.lookup(key3(s)) {
				if strings.HasPrefix(s, pe.prefix) {
					ids = append(ids, pe.id)
					mask |= bloomBit(pe.id)
				}
			}
		}
		if m.numID != 0 && s[0] >= '0' && s[0] <= '9' {
			ids = append(ids, m.numID)
			mask |= bloomBit(m.numID)
		}
		own[w] = mask
		textBloom |= mask
		w++
		i = j + 1
	}
	for ; w < n; w++ { // not reached for a well-formed Text
		idStart[w] = int32(len(ids))
		own[w] = 0
	}
	idStart[n] = int32(len(ids))
	st.ids = ids
	if len(ids) == 0 {
		return nil
	}
	sc := scan{ids: ids, idStart: idStart, n: n, own: own}
	// Which vocabulary words occur at all. For each word id seen, keep only
	// the anchored patterns all of whose required elements can occur; the
	// others are never verified.
	present := st.present
	for _, id := range ids {
		present[id>>6] |= 1 << (id & 63)
	}
	viable := st.viable
	// Pass 2: verify the patterns anchored at each word that has ids.
	var hits []Hit
	last, counts := st.spec[:m.nspec], st.spec[m.nspec:]
	for w := range n {
		for _, id := range ids[idStart[w]:idStart[w+1]] {
			if m.anchored[id>>6]&(1<<(id&63)) == 0 {
				continue // no pattern starts with this word
			}
			v := viable[id]
			if v == 0 {
				a0 := len(st.abuf)
				for _, an := range m.anchors.of(id) {
					p := st.possible[an.pattern]
					if p == 0 {
						p = 1
						if m.patterns[an.pattern].possible(present, textBloom) {
							p = 2
						}
						st.possible[an.pattern] = p
						st.ptouched = append(st.ptouched, int32(an.pattern))
					}
					if p == 2 {
						st.abuf = append(st.abuf, an)
					}
				}
				v = uint64(a0)<<32 | uint64(len(st.abuf)-a0+1)
				st.touched = append(st.touched, id)
			}
			if v&0xffffffff == 1 {
				viable[id] = v
				continue // no possible anchor
			}
			a0 := int(v >> 32)
			ans := st.abuf[a0 : a0+int(v&0xffffffff)-1]
			k := 0
			for i := range ans {
				an := &ans[i]
				key := an.spec
				if counts[key] >= maxHitsPerSpec {
					continue // the spec has all the hits it keeps: drop the anchor
				}
				if k != i {
					ans[k] = *an
				}
				k++
				if int32(w) < last[key] {
					continue
				}
				if an.next != 0 && !sc.canStart(w+int(an.last), int(an.gap1), an.next) {
					continue // the next element cannot start in time
				}
				if end, ok := sc.match(&m.patterns[an.pattern], an, w); ok {
					hits = append(hits, Hit{Spec: int(key), Start: w, End: end})
					last[key] = int32(end + 1)
					counts[key]++
				}
			}
			viable[id] = uint64(a0)<<32 | uint64(k+1)
		}
	}
	if len(hits) > 0 {
		hits = m.cancel(&sc, st, hits, counts)
	}
	sortHits(hits)
	return hits
}

// possible reports whether every required element of p has an alternative
// whose first word occurs in the text (present is a bitset of word ids,
// bloom the bloom mask of all of them). It is a cheap filter; verification
// checks every word.
func (p *cpattern) possible(present []uint64, bloom uint64) bool {
	for i := range p.elems {
		e := &p.elems[i]
		if e.optional {
			continue
		}
		if e.bloom&bloom == 0 {
			return false
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
func (m *Matcher) cancel(sc *scan, st *matchState, hits []Hit, counts []int32) []Hit {
	var excepts []Hit
	st.visited = grow(st.visited, (sc.n+63)/64)
	visited := st.visited
	clear(visited)
	for _, h := range hits {
		for w := max(0, h.Start-exceptReach); w <= h.End; w++ {
			if visited[w>>6]&(1<<(w&63)) != 0 {
				continue
			}
			visited[w>>6] |= 1 << (w & 63)
			for _, id := range sc.ids[sc.idStart[w]:sc.idStart[w+1]] {
				for i := range m.excepts.of(id) {
					an := &m.excepts.of(id)[i]
					if counts[an.spec] == 0 {
						continue
					}
					if end, ok := sc.match(&m.patterns[an.pattern], an, w); ok {
						excepts = append(excepts, Hit{Spec: int(an.spec), Start: w, End: end})
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
	// own[w] is the bloom mask of the ids of word w: an element none of
	// whose first words is in it cannot start there.
	own []uint64
}

// canStart reports whether an element with first-word mask bloom may start
// at one of the gap+1 words after word prev.
func (s *scan) canStart(prev, gap int, bloom uint64) bool {
	hi := min(prev+1+gap, s.n-1)
	for j := prev + 1; j <= hi; j++ {
		if s.own[j]&bloom != 0 {
			return true
		}
	}
	return false
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

// match verifies pattern p anchored with the alternative of an at word w,
// and returns the last word of the match. The anchor's first word is known
// to be at w.
func (s *scan) match(p *cpattern, an *anchor, w int) (int, bool) {
	if an.last > 0 {
		if w+int(an.last) >= s.n || !s.has(w+1, an.second) {
			return 0, false
		}
		first := p.elems[0].alts[an.alt]
		for k := 2; k < len(first); k++ {
			if !s.has(w+k, first[k]) {
				return 0, false
			}
		}
	}
	return s.from(p.elems, 1, w+int(an.last), 0)
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
	gap := int(e.gap) + carry
	for j := prev + 1; j <= prev+1+gap && j < s.n; j++ {
		if s.own[j]&e.bloom == 0 {
			continue // no alternative can start with this word
		}
		if e.index != nil {
			for _, id := range s.ids[s.idStart[j]:s.idStart[j+1]] {
				for _, ai := range e.altsFrom(id) {
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
		return s.from(elems, k+1, prev, gap)
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
