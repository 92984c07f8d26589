package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/scamcheck/scamcheck/pkg/regdate"
)

// NetFlags are the flags of the network layer (domain age).
type NetFlags struct {
	Offline     bool
	Timeout     time.Duration
	RDAPURL     string
	WHOISServer string
	CacheDir    string
	NoCache     bool
}

// addNetFlags declares the network flags on cmd (--offline is declared by
// the command itself).
func addNetFlags(cmd *cobra.Command, n *NetFlags) {
	cmd.Flags().DurationVar(&n.Timeout, "timeout", regdate.DefaultTimeout, "time allowed for each domain's age lookup (a Go duration: 3s, 500ms)")
	cmd.Flags().StringVar(&n.RDAPURL, "rdap-url", "", "base URL of the RDAP server to ask for every domain (default: the IANA bootstrap registry)")
	cmd.Flags().StringVar(&n.WHOISServer, "whois-server", "", "HOST:PORT of a WHOIS server to ask first for every domain")
	cmd.Flags().StringVar(&n.CacheDir, "cache-dir", "", "folder of the domain-age cache (default: the user cache folder/scamcheck)")
	cmd.Flags().BoolVar(&n.NoCache, "no-cache", false, "do not read or write the domain-age cache")
}

// lookup builds the registration-date lookup for a run, or nil offline.
func (n *NetFlags) lookup(jobs int, warn func(string)) (*regdate.Lookup, error) {
	if n.Offline {
		return nil, nil
	}
	if n.Timeout <= 0 {
		return nil, usageErr("--timeout %s: want a positive duration", n.Timeout)
	}
	l, err := regdate.New(regdate.Options{Timeout: n.Timeout, Jobs: jobs, RDAPURL: n.RDAPURL,
		WHOISServer: n.WHOISServer, CacheDir: n.CacheDir, NoCache: n.NoCache, Warn: warn})
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return l, nil
}

// warnOnce prints a warning on stderr.
func (f *Factory) warn(msg string) { fmt.Fprintln(f.IO.ErrOut, "scamcheck: "+msg) }
