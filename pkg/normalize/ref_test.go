package normalize

// This file keeps the original (pre-optimisation) implementation of
// Normalize as a test oracle: TestNormalizeMatchesReference checks that the
// optimised Normalize gives byte-for-byte the same canonical form, offset
// map and word starts.

import (
	"unicode"
	"unicode/utf8"
)

// refWordRune is one rune of the word being built.
type refWordRune struct {
	r   rune
	off int32
	e   foldEntry
}

// refRunTok is one single-letter word in a pending run; its bytes are
// runB[bs:be].
type refRunTok struct {
	bs, be int
	end    int32
}

// refNormalizer holds the state of one Normalize call.
type refNormalizer struct {
	out  []byte
	offs []int32
	ws   []int32

	cur []refWordRune // runes of the word being read (slow path)

	// fastStart is the offset where the current word started while it is
	// plain ASCII (the fast path: no per-rune state), or -1.
	src       string
	fastStart int

	sb []byte  // folded bytes of the finished word
	so []int32 // original offsets of sb

	run      []refRunTok // pending run of single letters
	runB     []byte
	runO     []int32
	runShort bool // the separator before the current word was short
	sepRunes int  // separator runes since the last word
	sepKind  rune // the last separator rune
}

// refNormalize returns the canonical form of s. masks must be sorted by Start;
// overlapping masks after the first are ignored.
func refNormalize(s string, masks []Mask) *Text {
	n := &refNormalizer{
		out:       make([]byte, 0, len(s)+2),
		offs:      make([]int32, 0, len(s)+2),
		ws:        make([]int32, 0, len(s)/5+1),
		src:       s,
		fastStart: -1,
	}
	n.out = append(n.out, ' ')
	n.offs = append(n.offs, 0)
	mi := 0
	i := 0
	for i < len(s) {
		for mi < len(masks) && masks[mi].Start < i {
			mi++ // overlapping or out of order: ignore
		}
		if mi < len(masks) && masks[mi].Start == i && masks[mi].End > i && masks[mi].End <= len(s) {
			m := masks[mi]
			n.endWord(int32(i))
			n.flushRun()
			n.so = n.so[:0]
			for range len(m.Token) {
				n.so = append(n.so, int32(m.Start))
			}
			n.write([]byte(m.Token), n.so, int32(m.End))
			n.sepRunes, n.sepKind = 0, 0
			i = m.End
			mi++
			continue
		}
		c := s[i]
		var r rune
		size := 1
		var e foldEntry
		if c < utf8.RuneSelf {
			e = foldTable[c]
			if e.class == classWord {
				switch {
				case n.fastStart >= 0:
					i++
					continue
				case len(n.cur) == 0:
					n.startWord()
					n.fastStart = i
					i++
					continue
				}
			}
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				e = foldEntry{class: classSep}
			} else {
				e = fold(r)
			}
		}
		switch e.class {
		case classWord:
			n.slowPath(i)
			if len(n.cur) == 0 {
				n.startWord()
			}
			n.cur = append(n.cur, refWordRune{r: r, off: int32(i), e: e})
		case classDrop:
			n.slowPath(i)
		case classSep:
			n.endWord(int32(i))
			n.sepRunes++
			n.sepKind = r
		}
		i += size
	}
	n.endWord(int32(len(s)))
	n.flushRun()
	n.offs = append(n.offs, int32(len(s)))
	return &Text{Orig: s, Norm: string(n.out), origOff: n.offs, wordStart: n.ws}
}

// startWord is called when the first rune of a word arrives: it decides
// whether the separator before it continues a run of spaced-out letters.
func (n *refNormalizer) startWord() {
	n.runShort = n.sepRunes == 1 && isJoiner(n.sepKind)
	n.sepRunes, n.sepKind = 0, 0
}

// slowPath moves a plain-ASCII word read so far onto the per-rune path,
// because a rune at offset i needs it.
func (n *refNormalizer) slowPath(i int) {
	if n.fastStart < 0 {
		return
	}
	for k := n.fastStart; k < i; k++ {
		c := n.src[k]
		n.cur = append(n.cur, refWordRune{r: rune(c), off: int32(k), e: foldTable[c]})
	}
	n.fastStart = -1
}

// endWord finishes the word being read (if any) at original offset end.
func (n *refNormalizer) endWord(end int32) {
	var single bool
	switch {
	case n.fastStart >= 0:
		w := n.src[n.fastStart:end]
		n.sb, n.so = n.sb[:0], n.so[:0]
		for k := 0; k < len(w); k++ {
			c := w[k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			n.sb = append(n.sb, c)
			n.so = append(n.so, int32(n.fastStart+k))
		}
		single = len(w) == 1 && (w[0] < '0' || w[0] > '9')
		n.fastStart = -1
	case len(n.cur) > 0:
		single = n.fold()
		n.cur = n.cur[:0]
	default:
		return
	}
	if single && (len(n.run) == 0 || n.runShort) {
		n.pushRun(end)
		return
	}
	n.flushRun()
	if single {
		n.pushRun(end)
		return
	}
	n.write(n.sb, n.so, end)
}

// pushRun adds the finished single-letter word to the pending run.
func (n *refNormalizer) pushRun(end int32) {
	bs := len(n.runB)
	n.runB = append(n.runB, n.sb...)
	n.runO = append(n.runO, n.so...)
	n.run = append(n.run, refRunTok{bs: bs, be: len(n.runB), end: end})
}

// flushRun writes the pending single letters: joined when there are at
// least four of them, one by one otherwise.
func (n *refNormalizer) flushRun() {
	if len(n.run) == 0 {
		return
	}
	if len(n.run) >= 4 {
		n.write(n.runB, n.runO, n.run[len(n.run)-1].end)
	} else {
		for _, t := range n.run {
			n.write(n.runB[t.bs:t.be], n.runO[t.bs:t.be], t.end)
		}
	}
	n.run = n.run[:0]
	n.runB = n.runB[:0]
	n.runO = n.runO[:0]
}

// write appends a word and the space after it; the space maps to end.
func (n *refNormalizer) write(b []byte, offs []int32, end int32) {
	n.ws = append(n.ws, int32(len(n.out)))
	n.out = append(n.out, b...)
	n.offs = append(n.offs, offs...)
	n.out = append(n.out, ' ')
	n.offs = append(n.offs, end)
}

// fold folds the current word into sb/so, applying homoglyph folding to
// mixed-script words, and reports whether the word is a single letter.
func (n *refNormalizer) fold() (single bool) {
	var lat, cyr, grk int
	for _, wr := range n.cur {
		switch wr.e.script {
		case scriptLatin:
			lat++
		case scriptCyrillic:
			cyr++
		case scriptGreek:
			grk++
		}
	}
	var remap map[rune]string
	var from script
	switch {
	case lat > 0 && cyr+grk > 0 && lat >= cyr+grk:
		remap, from = toLatin, scriptOther // fold Cyrillic and Greek into Latin
	case cyr > 0 && lat > 0 && cyr > lat:
		remap, from = toCyrillic, scriptLatin
	}
	n.sb, n.so = n.sb[:0], n.so[:0]
	for _, wr := range n.cur {
		s := wr.e.s
		if remap != nil && (wr.e.script == scriptLatin) == (from == scriptLatin) {
			if m, ok := remap[wr.r]; ok {
				s = m
			}
		}
		for k := 0; k < len(s); k++ {
			n.sb = append(n.sb, s[k])
			n.so = append(n.so, wr.off)
		}
	}
	return len(n.cur) == 1 && unicode.IsLetter(n.cur[0].r)
}
