package scan_test

import (
	"context"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/detect/phrases"
	"github.com/scamcheck/scamcheck/pkg/normalize"
	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/scan"
)

// readLines reads the non-empty lines of a benchmark fixture.
func readLines(b *testing.B, name string) []string {
	b.Helper()
	data, err := os.ReadFile("../../testdata/bench/" + name)
	if err != nil {
		b.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

// benchMessages reads the mixed-language SMS-sized messages, two thirds
// of them scams.
func benchMessages(b *testing.B) []string { return readLines(b, "messages.txt") }

// mixedText builds about size bytes of text from msgs in a fixed
// pseudo-random order.
func mixedText(msgs []string, size int) string {
	r := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for sb.Len() < size {
		sb.WriteString(msgs[r.IntN(len(msgs))])
		sb.WriteString("\n")
	}
	return sb.String()
}

// typicalText builds about 1 MB of mixed-language text as a mailbox or a
// chat export holds it: four lines of everyday text (chat, work mail,
// news, a real order notice, in five languages) for every message from
// messages.txt.
func typicalText(b *testing.B) string {
	benign, msgs := readLines(b, "benign.txt"), benchMessages(b)
	r := rand.New(rand.NewPCG(3, 4))
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		if r.IntN(5) == 0 {
			sb.WriteString(msgs[r.IntN(len(msgs))])
		} else {
			sb.WriteString(benign[r.IntN(len(benign))])
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// builtinRules loads the built-in rule set.
func builtinRules(b testing.TB) *rules.Set {
	b.Helper()
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		b.Fatal(err)
	}
	return set
}

func benchScanner(b testing.TB) *scan.Scanner {
	b.Helper()
	sc, err := scan.New(builtinRules(b))
	if err != nil {
		b.Fatal(err)
	}
	return sc
}

// BenchmarkCheck1MB checks 1 MB of mixed-language text end to end
// (extraction, normalisation, all phrase rules in one pass, URL signals,
// verdict) and reports MB/s.
func BenchmarkCheck1MB(b *testing.B) {
	sc := benchScanner(b)
	text := mixedText(benchMessages(b), 1<<20)
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		if _, err := sc.CheckText(ctx, "bench", detect.KindText, text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalize1MB measures normalisation alone.
func BenchmarkNormalize1MB(b *testing.B) {
	text := mixedText(benchMessages(b), 1<<20)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		normalize.Normalize(text, nil)
	}
}

// BenchmarkPhrases1MB measures every detector and the verdict over an
// already prepared 1 MB document (extraction and normalisation done).
func BenchmarkPhrases1MB(b *testing.B) {
	sc := benchScanner(b)
	text := mixedText(benchMessages(b), 1<<20)
	doc := scan.Prepare("bench", detect.KindText, text)
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		if _, err := sc.Check(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckSMS checks SMS-sized messages end to end and reports
// messages per second.
func BenchmarkCheckSMS(b *testing.B) {
	sc := benchScanner(b)
	msgs := benchMessages(b)
	ctx := context.Background()
	var n int64
	for _, m := range msgs {
		n += int64(len(m))
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := sc.CheckText(ctx, "bench", detect.KindText, msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkStartup measures loading and compiling the built-in rules, the
// work every process does once before its first check.
func BenchmarkStartup(b *testing.B) {
	for range b.N {
		set, err := rules.Load(rules.Embedded())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := scan.New(set); err != nil {
			b.Fatal(err)
		}
	}
}

// benchPhraseMatch measures phrase matching alone: all phrase rules in one
// pass over the normalised text (the document is prepared once, outside
// the timer).
func benchPhraseMatch(b *testing.B, text string) {
	ph, err := phrases.New(builtinRules(b))
	if err != nil {
		b.Fatal(err)
	}
	doc := scan.Prepare("bench", detect.KindText, text)
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		if _, err := ph.Detect(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPhraseMatch1MB matches all phrase rules over 1 MB of typical
// mixed-language text (one message in five from the scam-heavy set).
func BenchmarkPhraseMatch1MB(b *testing.B) { benchPhraseMatch(b, typicalText(b)) }

// BenchmarkPhraseMatch1MBScamDense matches all phrase rules over 1 MB made
// only of the scam-heavy messages: every line fires rules, the worst case.
func BenchmarkPhraseMatch1MBScamDense(b *testing.B) {
	benchPhraseMatch(b, mixedText(benchMessages(b), 1<<20))
}

// BenchmarkCheck1MBTypical checks 1 MB of typical mixed-language text end
// to end.
func BenchmarkCheck1MBTypical(b *testing.B) {
	sc := benchScanner(b)
	text := typicalText(b)
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		if _, err := sc.CheckText(ctx, "bench", detect.KindText, text); err != nil {
			b.Fatal(err)
		}
	}
}
