// Command evalcorpus measures scamcheck's accuracy on the labelled SMS sets
// of the development corpus (../shared/corpus by default): recall on scam and
// spam messages, false positives on legitimate ones, per data set and per
// layer. It skips cleanly (exit 0) when the corpus folder is absent.
//
//	go run ./cmd/evalcorpus
//	go run ./cmd/evalcorpus -show misses -set smishtank -n 30
//	go run ./cmd/evalcorpus -show fp -layer spam
//	go run ./cmd/evalcorpus -set phishingpot -ham /tmp/mail/ham
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/scamcheck/scamcheck/pkg/eval"
	"github.com/scamcheck/scamcheck/pkg/rules"
	"github.com/scamcheck/scamcheck/pkg/scan"
	"github.com/scamcheck/scamcheck/pkg/verdict"
)

func main() {
	os.Exit(run())
}

func run() int {
	corpus := flag.String("corpus", "../shared/corpus", "folder of the corpus")
	sets := flag.String("set", "", "comma-separated data sets (smishtank, mishra-soni, uci, spamhunter); all when empty")
	show := flag.String("show", "", "print messages: misses (scam judged safe), fp (legitimate judged not safe), fpscam (legitimate judged scam), hits")
	layer := flag.String("layer", "", "with -show: only messages where this layer fired (fp, hits) or, for misses, nothing to filter")
	n := flag.Int("n", 20, "with -show: how many messages to print")
	rulesDir := flag.String("rules", "", "extra rules folder")
	ham := flag.String("ham", "", "folder of legitimate emails (any depth, one message per file) to measure false alarms on")
	flag.Parse()

	msgs, err := eval.Load(*corpus, splitList(*sets))
	if errors.Is(err, eval.ErrNoCorpus) && *ham == "" {
		fmt.Printf("evalcorpus: %v; nothing to evaluate (skipped)\n", err)
		return 0
	}
	if err != nil && !errors.Is(err, eval.ErrNoCorpus) {
		fmt.Fprintln(os.Stderr, "evalcorpus:", err)
		return 1
	}
	if *ham != "" {
		hm, err := eval.LoadMailDir(*ham, "ham-email")
		if err != nil {
			fmt.Fprintln(os.Stderr, "evalcorpus:", err)
			return 1
		}
		msgs = append(msgs, hm...)
	}
	sources := []rules.Source{rules.Embedded()}
	if *rulesDir != "" {
		src, err := rules.Dir(*rulesDir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "evalcorpus:", err)
			return 64
		}
		sources = append(sources, src)
	}
	set, err := rules.Load(sources...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evalcorpus: rules:", err)
		return 64
	}
	sc, err := scan.New(set)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evalcorpus:", err)
		return 64
	}
	outs, err := eval.Run(context.Background(), sc, msgs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evalcorpus:", err)
		return 1
	}
	eval.WriteReport(os.Stdout, eval.Summarise(outs))
	if *show != "" {
		printed := 0
		for _, o := range outs {
			if printed >= *n {
				break
			}
			var want bool
			switch *show {
			case "misses":
				want = o.Scam && o.Verdict == verdict.Safe
			case "fp":
				want = !o.Scam && o.Verdict != verdict.Safe
			case "fpscam":
				want = !o.Scam && o.Verdict == verdict.Scam
			case "hits":
				want = o.Verdict != verdict.Safe
			}
			if want && *layer != "" && *show != "misses" {
				want = slices.Contains(o.Layers, *layer)
			}
			if !want {
				continue
			}
			printed++
			text := o.Text
			if o.Email {
				// The headers say little; show the subject and the start
				// of the visible text instead.
				text = o.Name + " | " + o.Summary
			}
			fmt.Printf("\n[%s row %d] %s %d %v\n  %s\n", o.Set, o.Row, o.Verdict, o.Score, o.IDs, oneLine(text))
		}
	}
	return 0
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}
