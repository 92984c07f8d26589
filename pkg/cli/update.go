package cli

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/scamcheck/scamcheck/pkg/regdate"
)

// NewCmdUpdate builds `scamcheck update`: refresh the RDAP bootstrap
// registry from IANA into the cache folder.
func NewCmdUpdate(f *Factory) *cobra.Command {
	var dir, from string
	cmd := &cobra.Command{
		Use:   "update",
		Short: "Refresh the RDAP bootstrap registry (which server knows each TLD) from IANA",
		Long: `Download IANA's RDAP bootstrap registry for domains (` + regdate.IANABootstrapURL + `)
into the cache folder. The domain-age layer uses it instead of the snapshot
built into scamcheck.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if dir == "" {
				d, err := regdate.DefaultCacheDir()
				if err != nil {
					return usageErr("%v", err)
				}
				dir = d
			}
			ctx, cancel := context.WithTimeout(c.Context(), 30*time.Second)
			defer cancel()
			b, err := regdate.UpdateBootstrap(ctx, &http.Client{}, from, dir)
			if err != nil {
				return &ExitError{Code: ExitUnavailable, Err: err}
			}
			fmt.Fprintf(f.IO.Out, "RDAP bootstrap registry published %s: %d TLDs, saved to %s\n", b.Publication, b.Len(), b.Source)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "cache-dir", "", "folder to save it in (default: the user cache folder/scamcheck)")
	cmd.Flags().StringVar(&from, "url", "", "download from this URL instead of IANA's")
	return cmd
}
