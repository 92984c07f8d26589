// Package normalize turns free text into the canonical form that phrase
// rules are matched against, and keeps a map back to the original bytes so
// that evidence can be shown exactly as it was written.
//
// The canonical form is a sequence of words separated by single spaces, with
// a space before the first and after the last word (" pay now "). Each word
// has been through:
//   - Unicode NFKD compatibility decomposition (full-width letters, ligatures,
//     mathematical alphanumerics become plain letters) with combining marks
//     removed, so "alfândega" and "alfandega" are the same word;
//   - case folding (including ß → ss);
//   - removal of zero-width and other format characters (U+200B, U+00AD, ...),
//     which do not split words;
//   - homoglyph folding inside mixed-script words: a mostly-Latin word has its
//     Cyrillic/Greek lookalikes folded to Latin ("Аliexpress" with a Cyrillic А),
//     a mostly-Cyrillic word has its Latin lookalikes folded to Cyrillic
//     ("oплата" with a Latin o). The lookalike table is derived from Unicode
//     TR39 confusables (github.com/ergochat/confusables);
//   - joining of spaced-out letters: four or more single letters separated by
//     one space or one punctuation mark ("w e s t e r n", "W.E.S.T.E.R.N")
//     become one word; two or more spaces end the run.
//
// Callers may mask spans of the text (URLs, amounts of money, ...) so that each
// becomes a single class token such as "\x01u"; phrase patterns can then refer
// to the class ("pay {money}").
package normalize

import (
	"encoding/binary"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/ergochat/confusables"
	"golang.org/x/text/unicode/norm"
)

// Mask replaces the original bytes [Start, End) by the single word Token.
type Mask struct {
	Start, End int
	Token      string
}

// Text is a normalised text with a map back to the original.
//
// A Text is immutable after Normalize returns and safe for concurrent reads.
type Text struct {
	// Orig is the text as given.
	Orig string
	// Norm is the canonical form: " word word ... word ".
	Norm string
	// origOff[i] is the byte offset in Orig of the rune (or separator) that
	// produced Norm[i]; origOff[len(Norm)] is len(Orig).
	origOff []int32
	// wordStart holds the offset in Norm of the first byte of every word.
	wordStart []int32
}

// Words returns the number of words in the text.
func (t *Text) Words() int { return len(t.wordStart) }

// WordAt returns the index of the word that contains Norm byte offset off,
// or of the next word when off is a separator.
func (t *Text) WordAt(off int) int {
	lo, hi := 0, len(t.wordStart)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(t.wordStart[m]) <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	// lo is the first word starting after off.
	if lo > 0 {
		w := lo - 1
		end := t.wordEnd(w)
		if off < end {
			return w
		}
	}
	return lo
}

// wordEnd returns the offset in Norm just after word w.
func (t *Text) wordEnd(w int) int {
	s := int(t.wordStart[w])
	e := strings.IndexByte(t.Norm[s:], ' ')
	if e < 0 {
		return len(t.Norm)
	}
	return s + e
}

// Word returns word w of the canonical form.
func (t *Text) Word(w int) string {
	return t.Norm[t.wordStart[w]:t.wordEnd(w)]
}

// WordSpan returns the Norm byte range [start, end) of word w.
func (t *Text) WordSpan(w int) (start, end int) {
	return int(t.wordStart[w]), t.wordEnd(w)
}

// OrigSpan maps a byte range [start, end) of Norm to the byte range of the
// original text that produced it. Leading and trailing separators of the
// range are not included.
func (t *Text) OrigSpan(start, end int) (int, int) {
	for start < end && t.Norm[start] == ' ' {
		start++
	}
	for end > start && t.Norm[end-1] == ' ' {
		end--
	}
	if start >= end {
		o := int(t.origOff[start])
		return o, o
	}
	os := int(t.origOff[start])
	// The end is the original offset of the separator that follows the
	// last word byte; it is recorded at Norm[end] when Norm[end] is a space.
	oe := int(t.origOff[end])
	if oe < os {
		oe = os
	}
	return os, oe
}

// Evidence returns the original text behind the Norm range [start, end),
// trimmed of surrounding spaces.
func (t *Text) Evidence(start, end int) string {
	os, oe := t.OrigSpan(start, end)
	return strings.TrimSpace(t.Orig[os:oe])
}

// String normalises s without masks and returns only the canonical form;
// rule patterns go through it so that they match what Normalize produces.
func String(s string) string {
	return Normalize(s, nil).Norm
}

// script classifies a letter for homoglyph folding.
type script uint8

const (
	scriptOther script = iota
	scriptLatin
	scriptCyrillic
	scriptGreek
)

// runeClass says what a rune contributes to the canonical form.
type runeClass uint8

const (
	classSep  runeClass = iota // ends a word
	classWord                  // part of a word
	classDrop                  // removed, does not end a word (format characters, marks)
)

// foldEntry is the precomputed folding of one rune.
type foldEntry struct {
	s      string // folded form (lowercase, no marks)
	class  runeClass
	script script
}

// tableSize bounds the precomputed fold table; runes above it are folded on
// the fly.
const tableSize = 0x0600

// foldTable is computed once at start-up and never written again.
var foldTable = buildFoldTable()

// toLatin and toCyrillic map lookalike letters (by original rune, before case
// folding) to the lowercase letter of the other script. Read-only.
var toLatin, toCyrillic = buildHomoglyphs()

func buildFoldTable() []foldEntry {
	t := make([]foldEntry, tableSize)
	for r := rune(0); r < tableSize; r++ {
		t[r] = computeFold(r)
	}
	return t
}

// computeFold folds one rune: NFKD, drop marks, lowercase.
func computeFold(r rune) foldEntry {
	switch {
	case r < 0x80:
		switch {
		case r >= 'A' && r <= 'Z':
			return foldEntry{s: string(r + 'a' - 'A'), class: classWord, script: scriptLatin}
		case r >= 'a' && r <= 'z':
			return foldEntry{s: string(r), class: classWord, script: scriptLatin}
		case r >= '0' && r <= '9':
			return foldEntry{s: string(r), class: classWord}
		}
		return foldEntry{class: classSep}
	case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) ||
		r == 0x034F || (r >= 0xFE00 && r <= 0xFE0F):
		return foldEntry{class: classDrop}
	case unicode.IsSpace(r) || unicode.IsPunct(r):
		return foldEntry{class: classSep}
	}
	// Letters, digits, and symbols whose compatibility decomposition is a
	// letter (circled or parenthesised letters) make words; other symbols
	// separate them.
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) || unicode.Is(unicode.Me, d) || unicode.Is(unicode.Cf, d) {
			continue
		}
		if !unicode.IsLetter(d) && !unicode.IsDigit(d) && !unicode.Is(unicode.Mc, d) {
			continue
		}
		switch d {
		case 'ß', 'ẞ':
			b.WriteString("ss")
			continue
		case 'ı':
			b.WriteByte('i')
			continue
		}
		b.WriteRune(unicode.ToLower(d))
	}
	s := b.String()
	if s == "" {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return foldEntry{class: classDrop}
		}
		return foldEntry{class: classSep}
	}
	return foldEntry{s: s, class: classWord, script: scriptOf(s)}
}

// scriptOf returns the script of the first letter of s.
func scriptOf(s string) script {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			return scriptLatin
		case unicode.Is(unicode.Latin, r):
			return scriptLatin
		case unicode.Is(unicode.Cyrillic, r):
			return scriptCyrillic
		case unicode.Is(unicode.Greek, r):
			return scriptGreek
		}
		return scriptOther
	}
	return scriptOther
}

// buildHomoglyphs derives the lookalike maps from the TR39 confusables
// skeletons: a Cyrillic or Greek letter whose skeleton is one ASCII letter
// folds to that letter in a Latin word, and the reverse for Cyrillic words.
func buildHomoglyphs() (toLat, toCyr map[rune]string) {
	toLat = make(map[rune]string)
	toCyr = make(map[rune]string)
	ranges := [][2]rune{{0x0370, 0x03FF}, {0x0400, 0x052F}}
	for _, rg := range ranges {
		for r := rg[0]; r <= rg[1]; r++ {
			if !unicode.IsLetter(r) {
				continue
			}
			sk := confusables.Skeleton(string(r))
			if len(sk) != 1 || !isASCIILetter(sk[0]) {
				continue
			}
			lat := strings.ToLower(sk)
			if unicode.IsUpper(r) && lat == "l" {
				// TR39 maps capital I-like letters to "l"; folded to lower
				// case they read as "i".
				lat = "i"
			}
			toLat[r] = lat
			if unicode.Is(unicode.Cyrillic, r) {
				// The reverse: the Latin letter of the same case folds to
				// this Cyrillic letter (lowercased) inside Cyrillic words.
				latOrig := rune(sk[0])
				if unicode.IsUpper(r) {
					latOrig = unicode.ToUpper(latOrig)
				} else {
					latOrig = unicode.ToLower(latOrig)
				}
				if unicode.IsUpper(r) == unicode.IsUpper(latOrig) {
					if _, ok := toCyr[latOrig]; !ok {
						toCyr[latOrig] = string(unicode.ToLower(r))
					}
				}
			}
		}
	}
	return toLat, toCyr
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// fold returns the fold entry of r.
func fold(r rune) foldEntry {
	if r >= 0 && r < tableSize {
		return foldTable[r]
	}
	return computeFold(r)
}

// wordRune is one rune of the word being built.
type wordRune struct {
	r   rune
	off int32
	e   foldEntry
}

// runTok is one single-letter word in a pending run; its bytes are
// runB[bs:be].
type runTok struct {
	bs, be int
	end    int32
}

// normalizer holds the state of one Normalize call.
type normalizer struct {
	out  []byte
	offs []int32
	ws   []int32

	cur []wordRune // runes of the word being read (slow path)

	// fastStart is the offset where the current word started while it is
	// plain ASCII (the fast path: no per-rune state), or -1.
	src       string
	fastStart int

	sb []byte  // folded bytes of the finished word
	so []int32 // original offsets of sb

	run      []runTok // pending run of single letters
	runB     []byte
	runO     []int32
	runShort bool // the separator before the current word was short
	sepRunes int  // separator runes since the last word
	sepKind  rune // the last separator rune
}

// asciiWord[c] reports whether the byte c is an ASCII letter or digit;
// every other ASCII byte separates words (bytes from utf8.RuneSelf on start
// other runes).
var asciiWord = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = foldTable[c].class == classWord
	}
	return t
}()

// Normalize returns the canonical form of s. masks must be sorted by Start;
// overlapping masks after the first are ignored.
func Normalize(s string, masks []Mask) *Text {
	n := &normalizer{
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
		if c < utf8.RuneSelf {
			if !asciiWord[c] {
				n.endWord(int32(i))
				n.sepRunes++
				n.sepKind = rune(c)
				i++
				continue
			}
			if n.fastStart < 0 {
				if len(n.cur) > 0 {
					// An ASCII letter in a word already on the per-rune path.
					n.cur = append(n.cur, wordRune{r: rune(c), off: int32(i), e: foldTable[c]})
					i++
					continue
				}
				n.startWord()
				n.fastStart = i
			}
			// The fast path: read the rest of the ASCII word at once, up
			// to the next mask.
			lim := len(s)
			if mi < len(masks) && masks[mi].Start < lim {
				lim = masks[mi].Start
			}
			for i++; i < lim && asciiWord[s[i]]; i++ {
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		var e foldEntry
		if r == utf8.RuneError && size == 1 {
			e = foldEntry{class: classSep}
		} else {
			e = fold(r)
		}
		switch e.class {
		case classWord:
			n.slowPath(i)
			if len(n.cur) == 0 {
				n.startWord()
			}
			n.cur = append(n.cur, wordRune{r: r, off: int32(i), e: e})
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
	// out is never written again: the canonical form shares its bytes.
	return &Text{Orig: s, Norm: unsafe.String(unsafe.SliceData(n.out), len(n.out)), origOff: n.offs, wordStart: n.ws}
}

// startWord is called when the first rune of a word arrives: it decides
// whether the separator before it continues a run of spaced-out letters.
func (n *normalizer) startWord() {
	n.runShort = n.sepRunes == 1 && isJoiner(n.sepKind)
	n.sepRunes, n.sepKind = 0, 0
}

// isJoiner reports whether a single separator rune may sit between the
// letters of a spaced-out word.
func isJoiner(r rune) bool {
	switch r {
	case ' ', '.', '-', '_', '*', '|', '/', '·', '•', '\u00a0':
		return true
	}
	return false
}

// slowPath moves a plain-ASCII word read so far onto the per-rune path,
// because a rune at offset i needs it.
func (n *normalizer) slowPath(i int) {
	if n.fastStart < 0 {
		return
	}
	for k := n.fastStart; k < i; k++ {
		c := n.src[k]
		n.cur = append(n.cur, wordRune{r: rune(c), off: int32(k), e: foldTable[c]})
	}
	n.fastStart = -1
}

// endWord finishes the word being read (if any) at original offset end.
func (n *normalizer) endWord(end int32) {
	var single bool
	switch {
	case n.fastStart >= 0:
		start := n.fastStart
		n.fastStart = -1
		w := n.src[start:end]
		if len(w) > 1 || (w[0] >= '0' && w[0] <= '9') {
			// Not a single letter: written straight to the output.
			n.flushRun()
			n.writeASCII(w, start, end)
			return
		}
		c := w[0]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		n.sb = append(n.sb[:0], c)
		n.so = append(n.so[:0], int32(start))
		single = true
	case len(n.cur) > 1:
		// Not a single letter: folded straight into the output.
		n.flushRun()
		n.ws = append(n.ws, int32(len(n.out)))
		n.out, n.offs = n.foldTo(n.out, n.offs)
		n.out = append(n.out, ' ')
		n.offs = append(n.offs, end)
		n.cur = n.cur[:0]
		return
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
func (n *normalizer) pushRun(end int32) {
	bs := len(n.runB)
	n.runB = append(n.runB, n.sb...)
	n.runO = append(n.runO, n.so...)
	n.run = append(n.run, runTok{bs: bs, be: len(n.runB), end: end})
}

// flushRun writes the pending single letters: joined when there are at
// least four of them, one by one otherwise.
func (n *normalizer) flushRun() {
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
func (n *normalizer) write(b []byte, offs []int32, end int32) {
	n.ws = append(n.ws, int32(len(n.out)))
	n.out = append(n.out, b...)
	n.offs = append(n.offs, offs...)
	n.out = append(n.out, ' ')
	n.offs = append(n.offs, end)
}

// writeASCII appends the plain ASCII word w, which starts at original
// offset start, lowercased, and the space after it; the space maps to end.
func (n *normalizer) writeASCII(w string, start int, end int32) {
	out, offs := n.out, n.offs
	n.ws = append(n.ws, int32(len(out)))
	// Setting bit 0x20 lowercases ASCII letters and leaves digits as they
	// are.
	o := len(out)
	out = append(out, w...)
	low := out[o:]
	for len(low) >= 8 {
		binary.LittleEndian.PutUint64(low, binary.LittleEndian.Uint64(low)|0x2020202020202020)
		low = low[8:]
	}
	for k := range low {
		low[k] |= 0x20
	}
	out = append(out, ' ')
	b := len(offs)
	offs = slices.Grow(offs, len(w)+1)[:b+len(w)+1]
	o32 := offs[b : b+len(w)]
	for k := range o32 {
		o32[k] = int32(start + k)
	}
	offs[b+len(w)] = end
	n.out, n.offs = out, offs
}

// fold folds the current word into sb/so, applying homoglyph folding to
// mixed-script words, and reports whether the word is a single letter.
func (n *normalizer) fold() (single bool) {
	n.sb, n.so = n.foldTo(n.sb[:0], n.so[:0])
	return len(n.cur) == 1 && unicode.IsLetter(n.cur[0].r)
}

// foldTo appends the folded current word to b, and the original offset of
// each byte to o.
func (n *normalizer) foldTo(b []byte, o []int32) ([]byte, []int32) {
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
	for i := range n.cur {
		wr := &n.cur[i]
		s := wr.e.s
		if remap != nil && (wr.e.script == scriptLatin) == (from == scriptLatin) {
			if m, ok := remap[wr.r]; ok {
				s = m
			}
		}
		b = append(b, s...)
		for range len(s) {
			o = append(o, wr.off)
		}
	}
	return b, o
}

// Canonical reports whether s is a single word already in canonical form,
// so that String(s) is " "+s+" ": every rune is a letter or digit that
// folds to itself, and the word does not mix Latin with Cyrillic or Greek
// letters (which homoglyph folding would change). It is a fast check for
// words that are already canonical (such as lowercase words of rule
// patterns); it may report false for some words that are canonical too.
func Canonical(s string) bool {
	if s == "" {
		return false
	}
	var lat, cg bool
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
				return false
			}
			if c >= 'a' {
				lat = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= tableSize {
			return false
		}
		e := &foldTable[r]
		if e.class != classWord || e.s != s[i:i+size] {
			return false
		}
		switch e.script {
		case scriptLatin:
			lat = true
		case scriptCyrillic, scriptGreek:
			cg = true
		}
		i += size
	}
	return !(lat && cg)
}
