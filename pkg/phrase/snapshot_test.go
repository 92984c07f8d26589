package phrase

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite builtin.snap from the built-in rules")

// TestBuiltinSnapshot fails when builtin.snap was not made from the
// built-in rules as they are; `go generate ./pkg/phrase` (or this test with
// -update) rewrites it. A stale snapshot is never used (its fingerprint no
// longer matches), but start-up is then slow.
func TestBuiltinSnapshot(t *testing.T) {
	specs, _ := builtinSpecs(t)
	m, err := compile(specs)
	if err != nil {
		t.Fatal(err)
	}
	want := encodeMatcher(m, specs)
	cur, _ := os.ReadFile("builtin.snap")
	if bytes.Equal(cur, want) {
		return
	}
	if *update {
		if err := os.WriteFile("builtin.snap", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("builtin.snap is stale: the built-in rules changed since it was made; run `go generate ./pkg/rules ./pkg/phrase`")
}

// TestSnapshotRoundTrip checks that a decoded matcher is the compiled one,
// field by field.
func TestSnapshotRoundTrip(t *testing.T) {
	specs, _ := builtinSpecs(t)
	m, err := compile(specs)
	if err != nil {
		t.Fatal(err)
	}
	d, err := decodeMatcher(string(encodeMatcher(m, specs)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, d) {
		t.Fatal("decoded matcher differs from the compiled one")
	}
	// Truncated snapshots are refused, not half read.
	b := encodeMatcher(m, specs)
	for _, n := range []int{len(b) - 1, len(b) / 2, 100} {
		if _, err := decodeMatcher(string(b[:n])); err == nil {
			t.Errorf("decoding %d of %d bytes: no error", n, len(b))
		}
	}
}

// TestSnapshotOnlyForSameSpecs checks that other specs are compiled.
func TestSnapshotOnlyForSameSpecs(t *testing.T) {
	specs, _ := builtinSpecs(t)
	if fromSnapshot(specs) == nil {
		t.Skip("no snapshot of the current built-in rules")
	}
	other := append([]Spec{}, specs...)
	other[0].Patterns = append([]string{"zz top"}, other[0].Patterns...)
	if fromSnapshot(other) != nil {
		t.Error("snapshot used for other specs")
	}
	if fromSnapshot(specs[1:]) != nil {
		t.Error("snapshot used for fewer specs")
	}
	// Moving a pattern from one spec to the next changes the fingerprint.
	moved := append([]Spec{}, specs...)
	moved[0].Patterns = moved[0].Patterns[:len(moved[0].Patterns)-1]
	moved[1].Patterns = append([]string{specs[0].Patterns[len(specs[0].Patterns)-1]}, moved[1].Patterns...)
	if fromSnapshot(moved) != nil {
		t.Error("snapshot used with a pattern in another spec")
	}
}
