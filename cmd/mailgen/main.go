// Command mailgen writes an mbox for measurements: the real honeypot mails
// of the development corpus (../shared/corpus), optionally mixed with a
// folder of legitimate mail, repeated in a fixed order until the mailbox
// reaches the size asked for. It skips cleanly when the corpus is absent.
//
//	go run ./cmd/mailgen -o /tmp/phishingpot.mbox                 # the 300 mails once
//	go run ./cmd/mailgen -size 100 -o /tmp/big.mbox               # about 100 MB
//	go run ./cmd/mailgen -ham /tmp/mail/ham -o /tmp/mixed.mbox    # honeypot + legitimate mail
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/scamcheck/scamcheck/pkg/eval"
	"github.com/scamcheck/scamcheck/pkg/mailbox"
)

func main() {
	os.Exit(run())
}

func run() int {
	corpus := flag.String("corpus", "../shared/corpus", "folder of the corpus")
	ham := flag.String("ham", "", "folder of legitimate mail to mix in (one message per file)")
	size := flag.Int("size", 0, "repeat the messages until the mailbox has this many MB (0: each message once)")
	out := flag.String("o", "", "output file (default standard output)")
	flag.Parse()

	msgs, err := eval.Load(*corpus, []string{"phishingpot"})
	if errors.Is(err, eval.ErrNoCorpus) {
		fmt.Fprintf(os.Stderr, "mailgen: %v; nothing to write (skipped)\n", err)
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mailgen:", err)
		return 1
	}
	if *ham != "" {
		hm, err := eval.LoadMailDir(*ham, "ham")
		if err != nil {
			fmt.Fprintln(os.Stderr, "mailgen:", err)
			return 1
		}
		// Interleave: one honeypot mail after every len(hm)/len(msgs)
		// legitimate ones, as an inbox would hold them.
		mixed := make([]eval.Message, 0, len(msgs)+len(hm))
		step := max(1, len(hm)/max(1, len(msgs)))
		for i, j := 0, 0; i < len(msgs) || j < len(hm); {
			for k := 0; k < step && j < len(hm); k++ {
				mixed = append(mixed, hm[j])
				j++
			}
			if i < len(msgs) {
				mixed = append(mixed, msgs[i])
				i++
			}
		}
		msgs = mixed
	}
	w := os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "mailgen:", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	mw := mailbox.NewWriter(bw)
	n := 0
	for {
		for _, m := range msgs {
			if err := mw.Write([]byte(m.Text)); err != nil {
				fmt.Fprintln(os.Stderr, "mailgen:", err)
				return 1
			}
			n++
		}
		if *size == 0 || mw.Bytes() >= int64(*size)<<20 {
			break
		}
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "mailgen:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "mailgen: %d messages, %.1f MB\n", n, float64(mw.Bytes())/(1<<20))
	return 0
}
