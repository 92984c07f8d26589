package phrase

import (
	"crypto/sha256"
	_ "embed" // the snapshot of the built-in rules
	"encoding/binary"
	"errors"
	"math"
	"sync/atomic"
)

// The matcher of the built-in rules is also kept compiled, in builtin.snap,
// made by
//
//	go generate ./pkg/phrase
//
// so that a process does not spend its start-up parsing thousands of
// patterns. Compile uses it only for specs whose fingerprint (SHA-256 of
// every pattern, in order) is the one it was made from: any other specs,
// such as the built-in rules with a user folder, are compiled. A stale
// snapshot is therefore never wrong, only slow; TestBuiltinSnapshot fails
// when it is stale.

//go:generate go test -run ^TestBuiltinSnapshot$ . -args -update

//go:embed builtin.snap
var builtinSnapshot string

// snapshotMagic starts every snapshot; the version changes with the format
// and with anything that changes what Compile builds.
const snapshotMagic = "scamcheck phrase matcher v4\n"

// snapshotUses counts the matchers taken from the snapshot (for tests).
var snapshotUses atomic.Int64

// fingerprint identifies specs: a SHA-256 of their patterns.
func fingerprint(specs []Spec) [sha256.Size]byte {
	h := sha256.New()
	var buf []byte
	add := func(tag byte, ps []string) {
		buf = append(buf, tag)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(ps)))
		for _, p := range ps {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(len(p)))
			buf = append(buf, p...)
		}
		if len(buf) > 1<<16 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(specs)))
	for _, sp := range specs {
		add('P', sp.Patterns)
		add('E', sp.Except)
	}
	h.Write(buf)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// fromSnapshot returns the built-in matcher when specs are the ones it was
// made from, or nil.
func fromSnapshot(specs []Spec) *Matcher {
	s := builtinSnapshot
	if len(s) < len(snapshotMagic)+sha256.Size || s[:len(snapshotMagic)] != snapshotMagic {
		return nil
	}
	sum := fingerprint(specs)
	if s[len(snapshotMagic):len(snapshotMagic)+sha256.Size] != string(sum[:]) {
		return nil
	}
	m, err := decodeMatcher(s)
	if err != nil || m.nspec != len(specs) {
		return nil
	}
	snapshotUses.Add(1)
	return m
}

// encodeMatcher writes m, compiled from specs, in the snapshot format:
// the magic, the fingerprint, then little-endian 32-bit numbers (64-bit for
// bloom masks) and length-prefixed strings: the words by id, the prefixes
// and the patterns. The anchors are indexed again from the patterns.
func encodeMatcher(m *Matcher, specs []Spec) []byte {
	b := []byte(snapshotMagic)
	sum := fingerprint(specs)
	b = append(b, sum[:]...)
	u32 := func(v int) {
		if v < 0 || v > math.MaxUint32 {
			panic("phrase: snapshot number out of range")
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	i32 := func(v int32) { b = binary.LittleEndian.AppendUint32(b, uint32(v)) }
	u64 := func(v uint64) { b = binary.LittleEndian.AppendUint64(b, v) }
	str := func(s string) { u32(len(s)); b = append(b, s...) }
	ids := func(v []int32) {
		u32(len(v))
		for _, x := range v {
			i32(x)
		}
	}
	u32(m.nspec)
	u32(m.nid)
	for _, w := range m.table.words {
		str(w)
	}
	u32(len(m.prefixes.entries))
	for _, pe := range m.prefixes.entries {
		str(pe.prefix)
		i32(pe.id)
	}
	u32(len(m.patterns))
	for _, p := range m.patterns {
		i32(p.spec)
		flag := 0
		if p.except {
			flag = 1
		}
		u32(flag)
		u32(len(p.elems))
		for _, e := range p.elems {
			i32(e.gap)
			flag = 0
			if e.optional {
				flag = 1
			}
			u32(flag)
			u64(e.bloom)
			u32(len(e.alts))
			for _, a := range e.alts {
				ids(a)
			}
			ids(e.firsts)
			ids(e.index) // nil when empty
		}
	}
	return b
}

var errSnapshot = errors.New("phrase: corrupt snapshot")

// snapReader reads the snapshot format; a read past the end sets bad.
type snapReader struct {
	s   string
	pos int
	bad bool
}

func (r *snapReader) u32() uint32 {
	if r.pos+4 > len(r.s) {
		r.bad = true
		return 0
	}
	s := r.s[r.pos : r.pos+4]
	r.pos += 4
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

func (r *snapReader) u64() uint64 {
	lo := r.u32()
	return uint64(lo) | uint64(r.u32())<<32
}

// count reads a length and checks that at least min bytes per item are
// left.
func (r *snapReader) count(min int) int {
	n := int(r.u32())
	if n*min > len(r.s)-r.pos {
		r.bad = true
		return 0
	}
	return n
}

// str returns a string of the snapshot (no copy).
func (r *snapReader) str() string {
	n := r.count(1)
	s := r.s[r.pos : r.pos+n]
	r.pos += n
	return s
}

// ids reads a list of word ids into dst (of the right length).
func (r *snapReader) ids(dst []int32) {
	for i := range dst {
		dst[i] = int32(r.u32())
	}
}

// decodeMatcher reads a matcher written by encodeMatcher.
func decodeMatcher(s string) (*Matcher, error) {
	r := &snapReader{s: s, pos: len(snapshotMagic) + sha256.Size}
	c := &compiler{}
	nspec := int(r.u32())
	nid := r.count(4)
	words := make([]string, nid)
	for i := range words {
		words[i] = r.str()
	}
	c.prefixList = make([]prefixEntry, r.count(8))
	for i := range c.prefixList {
		c.prefixList[i].prefix = r.str()
		c.prefixList[i].id = int32(r.u32())
	}
	c.patterns = make([]cpattern, r.count(12))
	for i := range c.patterns {
		p := &c.patterns[i]
		p.spec = int32(r.u32())
		p.except = r.u32() != 0
		p.elems = c.newElems(r.count(24))
		for j := range p.elems {
			e := &p.elems[j]
			e.gap = int32(r.u32())
			e.optional = r.u32() != 0
			e.bloom = r.u64()
			e.alts = c.newAlts(r.count(4))
			for k := range e.alts {
				e.alts[k] = c.newIDs(r.count(4))
				r.ids(e.alts[k])
			}
			e.firsts = c.newIDs(r.count(4))
			r.ids(e.firsts)
			if n := r.count(4); n > 0 {
				e.index = c.newIDs(n)
				r.ids(e.index)
			}
			if r.bad {
				return nil, errSnapshot
			}
		}
	}
	if r.bad || r.pos != len(r.s) {
		return nil, errSnapshot
	}
	var na, ne int
	for i := range c.patterns {
		p := &c.patterns[i]
		if len(p.elems) == 0 {
			return nil, errSnapshot
		}
		for _, a := range p.elems[0].alts {
			if len(a) == 0 || a[0] <= 0 || int(a[0]) >= nid {
				return nil, errSnapshot
			}
		}
		if p.except {
			ne += len(p.elems[0].alts)
		} else {
			na += len(p.elems[0].alts)
		}
	}
	c.anchors, c.excepts = make([]anchorAt, 0, na), make([]anchorAt, 0, ne)
	for i := range c.patterns {
		c.addAnchors(i)
	}
	return c.matcher(words, nspec), nil
}
