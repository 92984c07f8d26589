package phrase_test

import (
	"testing"

	"github.com/scamcheck/scamcheck/pkg/detect/phrases"
	"github.com/scamcheck/scamcheck/pkg/phrase"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

// TestDetectorUsesSnapshot checks that the phrases detector of the
// built-in rules gets its matcher from the snapshot: that the specs it
// builds are the ones the snapshot is made from.
func TestDetectorUsesSnapshot(t *testing.T) {
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	before := phrase.SnapshotUses()
	if _, err := phrases.New(set); err != nil {
		t.Fatal(err)
	}
	if phrase.SnapshotUses() != before+1 {
		t.Fatal("the phrases detector compiled the built-in rules instead of using builtin.snap; run `go generate ./pkg/rules ./pkg/phrase`")
	}
}
