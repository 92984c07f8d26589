package extract

import (
	"os"
	"strings"
	"testing"
)

// loadLines reads a fixture file of one text per line, skipping '#' comments.
func loadLines(tb testing.TB, name string) []string {
	tb.Helper()
	b, err := os.ReadFile("../../testdata/extract/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, l)
	}
	return out
}

// mixedText builds about n bytes of mixed-language text from the fixtures.
func mixedText(tb testing.TB, n int) string {
	prose := loadLines(tb, "prose.txt")
	sms := loadLines(tb, "sms.txt")
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(prose[i%len(prose)])
		b.WriteString("\n\n")
		b.WriteString(sms[i%len(sms)])
		b.WriteString("\n\n")
	}
	return b.String()[:n]
}

// BenchmarkURLsSMS measures URLs+Entities on realistic SMS-sized texts.
func BenchmarkURLsSMS(b *testing.B) {
	texts := loadLines(b, "sms.txt")
	total := 0
	for _, t := range texts {
		total += len(t)
	}
	b.SetBytes(int64(total / len(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := texts[i%len(texts)]
		_ = URLs(t)
		_ = Entities(t)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "texts/s")
}

// BenchmarkURLs1MB measures URLs on 1 MB of mixed-language text.
func BenchmarkURLs1MB(b *testing.B) {
	text := mixedText(b, 1<<20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = URLs(text)
	}
}

// BenchmarkEntities1MB measures Entities on 1 MB of mixed-language text.
func BenchmarkEntities1MB(b *testing.B) {
	text := mixedText(b, 1<<20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = Entities(text)
	}
}
