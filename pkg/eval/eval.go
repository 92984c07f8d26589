// Package eval measures scamcheck's accuracy on labelled message corpora:
// recall on scam and spam messages, false positives on legitimate ones, per
// data set and per layer. It reads the development corpus in
// ../shared/corpus (see its README) and knows each file's layout.
package eval

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scamcheck/scamcheck/pkg/detect"
	"github.com/scamcheck/scamcheck/pkg/input"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

// Message is one labelled message.
type Message struct {
	Set  string
	Row  int // 1-based data row in the file
	Text string
	Scam bool // true for scam, smishing or spam; false for legitimate
	// Email marks a raw email (Text is the whole message); Name is its
	// id or file.
	Email bool
	Name  string
}

// Dataset describes one corpus file.
type Dataset struct {
	Name string
	File string
	load func(r io.Reader, name string) ([]Message, error)
}

// Datasets are the SMS sets of the development corpus.
var Datasets = []Dataset{
	{Name: "smishtank", File: "sms-smishtank.jsonl", load: loadSmishtank},
	{Name: "mishra-soni", File: "sms-mishra-soni-smishing.csv", load: loadMishraSoni},
	{Name: "uci", File: "sms-uci-spamcollection.tsv", load: loadUCI},
	{Name: "spamhunter", File: "sms-spamhunter-messages.csv", load: loadSpamHunter},
	{Name: "phishingpot", File: "phishing-emails-phishingpot-sample.jsonl", load: loadPhishingPot},
}

// loadPhishingPot reads the honeypot emails: one JSON object per line
// whose raw field is the whole message.
func loadPhishingPot(r io.Reader, name string) ([]Message, error) {
	var out []Message
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	row := 0
	for sc.Scan() {
		row++
		var rec struct {
			ID  string `json:"id"`
			Raw string `json:"raw"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", row, err)
		}
		out = append(out, Message{Set: name, Row: row, Text: rec.Raw, Scam: true, Email: true, Name: rec.ID})
	}
	return out, sc.Err()
}

// LoadMailDir reads every message file (*.eml, or a name without an
// extension as in Maildir) under dir (recursively) as one legitimate email, in set name; for false-alarm measurements on real mail kept
// outside the project.
func LoadMailDir(dir, name string) ([]Message, error) {
	var out []Message
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// Message files: *.eml, or no extension at all (Maildir, MH).
		if ext := filepath.Ext(d.Name()); d.IsDir() || strings.HasPrefix(d.Name(), ".") || (ext != ".eml" && ext != "" && !strings.Contains(ext, ":")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out = append(out, Message{Set: name, Row: len(out) + 1, Text: string(b), Email: true, Name: path})
		return nil
	})
	return out, err
}

// ErrNoCorpus is returned when the corpus folder does not exist.
var ErrNoCorpus = errors.New("corpus folder not found")

// Load reads the datasets found in dir; sets names the ones wanted (all
// when empty). It returns ErrNoCorpus when dir does not exist.
func Load(dir string, sets []string) ([]Message, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%w: %s", ErrNoCorpus, dir)
	}
	var out []Message
	for _, ds := range Datasets {
		if len(sets) > 0 && !contains(sets, ds.Name) {
			continue
		}
		f, err := os.Open(filepath.Join(dir, ds.File))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", ds.File, err)
		}
		msgs, err := ds.load(f, ds.Name)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", ds.File, err)
		}
		out = append(out, msgs...)
	}
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func loadSmishtank(r io.Reader, name string) ([]Message, error) {
	var out []Message
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	row := 0
	for sc.Scan() {
		row++
		var rec struct {
			MainText string `json:"MainText"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", row, err)
		}
		if strings.TrimSpace(rec.MainText) == "" {
			continue
		}
		out = append(out, Message{Set: name, Row: row, Text: rec.MainText, Scam: true})
	}
	return out, sc.Err()
}

// readCSV reads a CSV with a header row, returning the data rows.
func readCSV(r io.Reader, comma rune) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	if comma == '\t' {
		cr.LazyQuotes = true
	}
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, nil
	}
	return recs[1:], nil
}

func loadMishraSoni(r io.Reader, name string) ([]Message, error) {
	recs, err := readCSV(r, ',')
	if err != nil {
		return nil, err
	}
	var out []Message
	for i, rec := range recs {
		if len(rec) < 2 {
			continue
		}
		label := strings.ToLower(strings.TrimSpace(rec[0]))
		out = append(out, Message{Set: name, Row: i + 1, Text: rec[1], Scam: label != "ham"})
	}
	return out, nil
}

func loadUCI(r io.Reader, name string) ([]Message, error) {
	var out []Message
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	row := -1
	for sc.Scan() {
		row++
		if row == 0 {
			continue // header
		}
		label, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		out = append(out, Message{Set: name, Row: row, Text: text, Scam: label == "spam"})
	}
	return out, sc.Err()
}

func loadSpamHunter(r io.Reader, name string) ([]Message, error) {
	recs, err := readCSV(r, ',')
	if err != nil {
		return nil, err
	}
	var out []Message
	for i, rec := range recs {
		if len(rec) == 0 || strings.TrimSpace(rec[0]) == "" {
			continue
		}
		out = append(out, Message{Set: name, Row: i + 1, Text: rec[0], Scam: true})
	}
	return out, nil
}

// Outcome is the verdict on one message.
type Outcome struct {
	Message
	Verdict verdict.Verdict
	Score   int
	Layers  []string // layers with findings
	IDs     []string // rule ids that fired
	// Summary is, for an email, its sender and subject.
	Summary string
}

// Run checks every message.
func Run(ctx context.Context, sc *scan.Scanner, msgs []Message) ([]Outcome, error) {
	out := make([]Outcome, 0, len(msgs))
	for _, m := range msgs {
		var res scan.Result
		var err error
		if m.Email {
			res = sc.CheckItem(ctx, input.FromBytes(m.Name, []byte(m.Text), int64(len(m.Text))), scan.AsEmail)
			if res.Error != "" {
				err = errors.New(res.Error)
			}
		} else {
			res, err = sc.CheckText(ctx, m.Set, detect.KindText, m.Text)
		}
		if err != nil {
			return nil, fmt.Errorf("%s row %d: %w", m.Set, m.Row, err)
		}
		o := Outcome{Message: m, Verdict: res.Verdict, Score: res.Score}
		if e := res.Email; e != nil {
			from := ""
			if e.From != nil {
				from = e.From.Name + " <" + e.From.Addr + ">"
			}
			o.Summary = from + " | " + e.Subject
		}
		seen := map[string]bool{}
		for _, r := range res.Reasons {
			o.IDs = append(o.IDs, r.ID)
			if !seen[r.Layer] {
				seen[r.Layer] = true
				o.Layers = append(o.Layers, r.Layer)
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// Stats are the figures for one data set and label.
type Stats struct {
	Set      string
	Scam     bool
	N        int
	NotSafe  int // suspicious or scam
	ScamVerd int // judged scam
	Layers   map[string]int
}

// Summarise groups outcomes by set and label.
func Summarise(outs []Outcome) []Stats {
	idx := map[string]*Stats{}
	var keys []string
	for _, o := range outs {
		k := fmt.Sprintf("%s/%v", o.Set, o.Scam)
		s, ok := idx[k]
		if !ok {
			s = &Stats{Set: o.Set, Scam: o.Scam, Layers: map[string]int{}}
			idx[k] = s
			keys = append(keys, k)
		}
		s.N++
		if o.Verdict != verdict.Safe {
			s.NotSafe++
		}
		if o.Verdict == verdict.Scam {
			s.ScamVerd++
		}
		for _, l := range o.Layers {
			s.Layers[l]++
		}
	}
	out := make([]Stats, 0, len(keys))
	for _, k := range keys {
		out = append(out, *idx[k])
	}
	return out
}

// WriteReport prints the summary table.
func WriteReport(w io.Writer, stats []Stats) {
	fmt.Fprintf(w, "%-12s %-6s %6s %9s %9s   %s\n", "set", "label", "n", "not-safe", "scam", "layers (share of messages with a finding)")
	var totS, totSNS, totL, totLScam, totLNS int
	for _, s := range stats {
		label := "legit"
		if s.Scam {
			label = "scam"
			totS += s.N
			totSNS += s.NotSafe
		} else {
			totL += s.N
			totLScam += s.ScamVerd
			totLNS += s.NotSafe
		}
		fmt.Fprintf(w, "%-12s %-6s %6d %8.1f%% %8.1f%%   %s\n", s.Set, label, s.N, pct(s.NotSafe, s.N), pct(s.ScamVerd, s.N), layerList(s.Layers, s.N))
	}
	fmt.Fprintln(w)
	if totS > 0 {
		fmt.Fprintf(w, "recall (scam/spam judged not safe): %.1f%% of %d\n", pct(totSNS, totS), totS)
	}
	if totL > 0 {
		fmt.Fprintf(w, "false positives on legitimate: %.2f%% judged scam, %.2f%% judged not safe, of %d\n", pct(totLScam, totL), pct(totLNS, totL), totL)
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func layerList(m map[string]int, n int) string {
	type kv struct {
		k string
		v int
	}
	var xs []kv
	for k, v := range m {
		xs = append(xs, kv{k, v})
	}
	sort.Slice(xs, func(i, j int) bool {
		if xs[i].v != xs[j].v {
			return xs[i].v > xs[j].v
		}
		return xs[i].k < xs[j].k
	})
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%s %.0f%%", x.k, pct(x.v, n))
	}
	return strings.Join(parts, ", ")
}
