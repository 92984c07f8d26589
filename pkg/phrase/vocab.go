package phrase

// vocabTable maps words to ids. It is an open-addressing hash table with
// FNV-1a hashing, built once by Compile and read-only afterwards; lookups
// hash the word while scanning it, which is cheaper than a Go map on the
// hot path of Match (one lookup per word of every text). Each slot keeps the
// word's hash next to its id, so that most misses compare no bytes.
type vocabTable struct {
	slots []uint64 // hash<<32 | id+1, 0 for empty
	words []string // by id
	mask  uint32
}

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// fnv hashes s with FNV-1a.
func fnv(s string) uint32 {
	h := uint32(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= fnvPrime
	}
	return h
}

// newVocabTable builds the table for words, where words[id] is the word
// with that id ("" for ids that are not exact words, such as prefixes).
func newVocabTable(words []string) *vocabTable {
	size := uint32(16)
	for size < uint32(len(words))*2 {
		size <<= 1
	}
	t := &vocabTable{slots: make([]uint64, size), words: words, mask: size - 1}
	for id, w := range words {
		if w == "" {
			continue
		}
		h := fnv(w)
		i := h & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = uint64(h)<<32 | uint64(id+1)
	}
	return t
}

// lookup returns the id of s given its hash h.
func (t *vocabTable) lookup(s string, h uint32) (int32, bool) {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.slots[i]
		if v == 0 {
			return 0, false
		}
		if uint32(v>>32) == h {
			if id := int32(uint32(v) - 1); equal(t.words[id], s) {
				return id, true
			}
		}
	}
}

// equal is a == b, without a call for the short words of texts.
func equal(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) > 16 {
		return a == b
	}
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
