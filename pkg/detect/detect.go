// Package detect defines what every detection layer shares: the Document a
// detector reads, the Finding it returns, and the Detector interface. The
// detectors themselves live in sub-packages, one per layer; they never print
// and never decide the verdict.
package detect

import (
	"context"
	"unicode/utf8"

	"github.com/scamcheck/scamcheck/pkg/email"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/normalize"
)

// Kind says what an input is.
type Kind string

// The kinds of input.
const (
	KindText  Kind = "text"
	KindEmail Kind = "email"
	KindURL   Kind = "url"
)

// Document is one input prepared for the detectors: its text, the links and
// entities found in it, and the normalised form phrase rules match against.
// A Document is read-only once built; detectors may read it concurrently.
type Document struct {
	// Input names the input: "argument", "stdin", a file path.
	Input string
	// Kind is text, email or url.
	Kind Kind
	// Text is what phrase rules read (for an email: subject and visible body).
	Text string
	// URLs are the links and bare domains found in Text, in order.
	URLs []extract.URL
	// Entities are amounts, wallets, phones and handles found in Text.
	Entities []extract.Entity
	// Norm is Text normalised, with URLs and entities masked as class tokens.
	Norm *normalize.Text
	// Email is the parsed message when the input is an email, else nil.
	Email *email.Message
	// LinkURLs gives, for each of Email.Links, the index of its target in
	// URLs, or -1 when the target is not a web link.
	LinkURLs []int
}

// Has reports whether the document contains a feature: "url", "money",
// "wallet", "phone" or "handle".
func (d *Document) Has(feature string) bool {
	if feature == "url" {
		return len(d.URLs) > 0
	}
	for _, e := range d.Entities {
		if string(e.Kind) == feature {
			return true
		}
	}
	return false
}

// Finding is one reason for a verdict: which rule fired, in which layer, how
// many points it adds, a message for people and the evidence behind it.
type Finding struct {
	ID       string `json:"id"`
	Layer    string `json:"layer"`
	Points   int    `json:"points"`
	Message  string `json:"message"`
	Evidence string `json:"evidence"`
	// URL is the index in Document.URLs the finding is about, or -1.
	URL int `json:"-"`
	// Start and End locate the evidence in Document.Text (byte offsets);
	// both are 0 when the evidence is not a span of the text.
	Start, End int `json:"-"`
	// Word is the index of the first word of the evidence in Document.Norm,
	// or -1; "near" conditions measure distances with it.
	Word, EndWord int `json:"-"`
}

// Detector is one detection layer. Detect must not modify doc, must honour
// ctx, and returns its findings in a stable order.
type Detector interface {
	// Name is the layer family the detector implements ("phrases", "url").
	Name() string
	// Detect returns the findings of the detector for doc.
	Detect(ctx context.Context, doc *Document) ([]Finding, error)
}

// Clip shortens evidence s to at most n bytes on a rune boundary, marking
// the cut with "…", and turns runs of whitespace into single spaces.
func Clip(s string, n int) string {
	b := make([]byte, 0, min(len(s), n+3))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		if len(b)+utf8.RuneLen(r) > n {
			return string(b) + "…"
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}
