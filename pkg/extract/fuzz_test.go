package extract

import (
	"os"
	"strings"
	"testing"
)

// fuzzSeeds returns the fixture texts and a few tricky strings as seeds.
func fuzzSeeds(f *testing.F) []string {
	seeds := []string{
		"https://aliexpress.com@evil.top/login?a=1.", "hxxps[:]//evil[.]top/a", "evil(dot)top", "http://[::1]:80/",
		"http://0xC0.0xA8.1.1/", "аliexpress.com", "例子。中国", "(see https://a.com/x_(y)).", "bob@x.com", "x.com:8080/p",
		"1.99 USD", "R$ 12,90", "2 000 ₽", "+7 912 345-67-89", "(11) 98765-4321", "t.me/abc_def", "wa.me/5511987654321",
		"telegram @abcd", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "\xff.com\xfe",
	}
	for _, name := range []string{"sms.txt", "prose.txt"} {
		b, err := os.ReadFile("../../testdata/extract/" + name)
		if err != nil {
			f.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				seeds = append(seeds, l)
			}
		}
	}
	return seeds
}

func FuzzURLs(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		urls := URLs(text)
		checkURLs(t, text, urls)
		for _, u := range urls {
			// The normalised URL of a result must itself parse, to the same host.
			v, err := ParseOne(u.URL)
			if err != nil {
				t.Fatalf("ParseOne(%q) (from %q): %v", u.URL, u.Raw, err)
			}
			if v.Host != u.Host || v.URL != u.URL {
				t.Fatalf("ParseOne(%q) = host %q URL %q, want host %q", u.URL, v.Host, v.URL, u.Host)
			}
		}
	})
}

func FuzzEntities(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkEntities(t, text, Entities(text))
	})
}

func FuzzParseOne(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
		if len(s) > 40 {
			f.Add(s[:40])
		}
	}
	for _, s := range []string{"x.com", "photo.zip", " <x.com> ", "1.2.3.4", "'evil[.]top'", "http://localhost"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseOne(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "not a URL or domain: ") {
				t.Fatalf("unexpected error text %q", err)
			}
			return
		}
		if u.Start < 0 || u.End > len(s) || u.Start >= u.End || s[u.Start:u.End] != u.Raw {
			t.Fatalf("bad offsets [%d,%d) Raw %q in %q", u.Start, u.End, u.Raw, s)
		}
		checkURL(t, u)
	})
}
