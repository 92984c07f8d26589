// Command scamcheck tells whether a message, an email or a link is a scam,
// and why. See the README for usage.
package main

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/scamcheck/scamcheck/pkg/cli"
	"github.com/scamcheck/scamcheck/pkg/iostreams"
)

// version is set at link time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
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
	f := &cli.Factory{IO: iostreams.System(), ConfigDir: cfg}
	return cli.Execute(ctx, f, cli.Version(version), args)
}
