// Command scamcheck tells whether a message, an email or a link is a scam,
// and why. See the README for usage.
package main

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/scamcheck/scamcheck/pkg/cli"
	"github.com/scamcheck/scamcheck/pkg/iostreams"
)

// version is set at link time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// gcPercent is the garbage collector's target for this short-lived
// process. Start-up (loading and indexing the built-in rules) makes some
// 15 MB of short-lived allocations while the live heap is a few megabytes;
// with the default of 100 that runs several collections and takes about a
// third longer on one core. 400 lets the heap reach five times the live
// data before collecting, which stays small for streaming work.
const gcPercent = 400

func main() {
	debug.SetGCPercent(gcPercent)
	os.Exit(run(os.Args[1:]))
}

// run executes scamcheck and returns its exit code.
func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := os.UserConfigDir()
	if err == nil {
		cfg = filepath.Join(cfg, "scamcheck")
	} else {
		cfg = ""
	}
	f := &cli.Factory{IO: iostreams.System(), ConfigDir: cfg, Network: true}
	return cli.Execute(ctx, f, cli.Version(version), args)
}
