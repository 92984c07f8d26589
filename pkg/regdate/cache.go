package regdate

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Cache lifetimes: a registration date does not change; a failure or a
// "not found" may.
const (
	FoundTTL  = 30 * 24 * time.Hour
	FailedTTL = time.Hour
)

// DefaultCacheDir is os.UserCacheDir()/scamcheck.
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache folder (use --cache-dir or --no-cache): %w", err)
	}
	return filepath.Join(d, "scamcheck"), nil
}

// diskCache keeps one small JSON file per domain under dir/regdate. Each
// entry is written to a temporary file and renamed into place, so several
// processes can share the folder: a reader sees the old entry or the new
// one, never a torn one, and writers of different domains never touch the
// same file. A corrupt entry is reported once per process and rewritten.
// It is safe for concurrent use.
type diskCache struct {
	dir  string
	now  func() time.Time
	warn func(string)
	once sync.Once
}

type cacheEntry struct {
	Domain     string    `json:"domain"`
	Registered time.Time `json:"registered,omitzero"`
	Source     Source    `json:"source,omitempty"`
	Err        string    `json:"error,omitempty"`
	NotFound   bool      `json:"not_found,omitempty"`
	Stored     time.Time `json:"stored"`
}

func newDiskCache(dir string, now func() time.Time, warn func(string)) *diskCache {
	return &diskCache{dir: dir, now: now, warn: warn}
}

func (c *diskCache) path(domain string) string {
	return filepath.Join(c.dir, "regdate", domain+".json")
}

// get returns the entry for domain while it is fresh.
func (c *diskCache) get(domain string) (Result, bool) {
	data, err := os.ReadFile(c.path(domain))
	if err != nil {
		return Result{}, false
	}
	var e cacheEntry
	if err := json.Unmarshal(data, &e); err != nil || e.Domain != domain || e.Stored.IsZero() {
		c.corrupt(c.path(domain))
		return Result{}, false
	}
	ttl := FailedTTL
	if !e.Registered.IsZero() {
		ttl = FoundTTL
	}
	if age := c.now().Sub(e.Stored); age < 0 || age > ttl {
		return Result{}, false
	}
	return Result{Domain: e.Domain, Registered: e.Registered, Source: e.Source, Err: e.Err, NotFound: e.NotFound}, true
}

func (c *diskCache) corrupt(p string) {
	_ = os.Remove(p)
	c.once.Do(func() {
		if c.warn != nil {
			c.warn(fmt.Sprintf("warning: the domain-age cache in %s had a corrupt entry (%s); it is being rebuilt", c.dir, filepath.Base(p)))
		}
	})
}

// put stores r. Failures to write are not fatal: the cache is an
// optimisation.
func (c *diskCache) put(r Result) {
	e := cacheEntry{Domain: r.Domain, Registered: r.Registered, Source: r.Source, Err: r.Err, NotFound: r.NotFound, Stored: c.now()}
	data, err := json.Marshal(e)
	if err != nil {
		return
	}
	_ = writeAtomic(c.path(r.Domain), data)
}

// writeAtomic writes data to a temporary file beside path and renames it
// into place.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		_ = os.Remove(f.Name())
		return err
	}
	return nil
}
