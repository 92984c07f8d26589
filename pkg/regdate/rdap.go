package regdate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxRedirects bounds an RDAP redirect chain.
const maxRedirects = 5

func newHTTPClient(opts Options) *http.Client {
	tr := &http.Transport{
		DialContext:           opts.Dial,
		TLSHandshakeTimeout:   opts.Timeout,
		ResponseHeaderTimeout: opts.Timeout,
		MaxIdleConnsPerHost:   opts.Jobs,
		MaxConnsPerHost:       0,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			return nil
		},
	}
}

// rdapDomain is the part of an RDAP domain object read here (RFC 9083).
type rdapDomain struct {
	ObjectClassName string `json:"objectClassName"`
	LDHName         string `json:"ldhName"`
	Events          []struct {
		Action string `json:"eventAction"`
		Date   string `json:"eventDate"`
	} `json:"events"`
	Links []struct {
		Rel  string `json:"rel"`
		Href string `json:"href"`
		Type string `json:"type"`
	} `json:"links"`
	ErrorCode int `json:"errorCode"`
}

// rdapDate asks the registry's RDAP server, and the registrar's (the
// "related" link) when the registry gives no registration date.
func (l *Lookup) rdapDate(ctx context.Context, base, domain string) (time.Time, error) {
	u := strings.TrimSuffix(base, "/") + "/domain/" + domain
	d, err := l.rdapGet(ctx, u)
	if err != nil {
		return time.Time{}, err
	}
	if t, ok := registration(d); ok {
		return t, nil
	}
	for _, ln := range d.Links {
		if ln.Rel != "related" || ln.Href == "" || ln.Href == u {
			continue
		}
		if ln.Type != "" && !strings.Contains(ln.Type, "rdap+json") && !strings.Contains(ln.Type, "application/json") {
			continue
		}
		rd, err := l.rdapGet(ctx, ln.Href)
		if err != nil {
			return time.Time{}, fmt.Errorf("RDAP: no registration date at the registry, registrar: %w", unwrapRDAP(err))
		}
		if t, ok := registration(rd); ok {
			return t, nil
		}
		break
	}
	return time.Time{}, errors.New("RDAP: no registration date")
}

func unwrapRDAP(err error) error {
	if u := errors.Unwrap(err); u != nil && strings.HasPrefix(err.Error(), "RDAP: ") {
		return u
	}
	return err
}

// registration returns the date of the "registration" event.
func registration(d *rdapDomain) (time.Time, bool) {
	for _, e := range d.Events {
		if !strings.EqualFold(e.Action, "registration") {
			continue
		}
		if t, ok := parseDate(e.Date); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// rdapGet fetches one RDAP domain object, honouring the server's rate
// limits; a 429 is waited out once when Retry-After fits in the time left.
func (l *Lookup) rdapGet(ctx context.Context, rawURL string) (*rdapDomain, error) {
	pu, err := url.Parse(rawURL)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") {
		return nil, fmt.Errorf("RDAP: bad URL %q", rawURL)
	}
	server := pu.Host
	for attempt := 0; ; attempt++ {
		release, err := l.lim.take(ctx, server, server)
		if err != nil {
			return nil, fmt.Errorf("RDAP: %w", err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
		if err != nil {
			release()
			return nil, fmt.Errorf("RDAP: %w", err)
		}
		req.Header.Set("Accept", "application/rdap+json, application/json")
		req.Header.Set("User-Agent", "scamcheck (domain age check)")
		l.requests.Add(1)
		resp, err := l.http.Do(req)
		if err != nil {
			release()
			return nil, fmt.Errorf("RDAP: %s", netErr(ctx, server, err))
		}
		body, rerr := readCapped(resp.Body)
		resp.Body.Close()
		release()
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			wait := retryAfter(resp.Header.Get("Retry-After"), l.opts.Now())
			l.lim.block(server, wait)
			if attempt == 0 {
				if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > wait {
					continue
				}
			}
			return nil, fmt.Errorf("RDAP: %s is rate limiting (429, retry after %s)", server, wait.Round(time.Second))
		case resp.StatusCode == http.StatusNotFound:
			return nil, errNotFound
		case resp.StatusCode >= 500:
			return nil, fmt.Errorf("RDAP: %s answered %d", server, resp.StatusCode)
		case resp.StatusCode != http.StatusOK:
			return nil, fmt.Errorf("RDAP: %s answered %d", server, resp.StatusCode)
		}
		if rerr != nil {
			return nil, fmt.Errorf("RDAP: %s: %s", server, netErr(ctx, server, rerr))
		}
		var d rdapDomain
		if err := json.Unmarshal(body, &d); err != nil {
			return nil, fmt.Errorf("RDAP: %s sent invalid JSON", server)
		}
		if d.ObjectClassName != "" && d.ObjectClassName != "domain" {
			return nil, fmt.Errorf("RDAP: %s sent a %q object, not a domain", server, d.ObjectClassName)
		}
		return &d, nil
	}
}

var errTooLarge = errors.New("answer larger than 1 MiB")

// readCapped reads r up to MaxAnswer bytes.
func readCapped(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxAnswer+1))
	if err != nil {
		return b, err
	}
	if len(b) > MaxAnswer {
		return b[:MaxAnswer], errTooLarge
	}
	return b, nil
}

// netErr turns a transport error into words for people.
func netErr(ctx context.Context, server string, err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, errTooLarge):
		return server + " sent an answer larger than 1 MiB"
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return server + " timed out"
	case errors.Is(err, context.Canceled):
		return "interrupted"
	case strings.Contains(err.Error(), "redirects"):
		return server + " redirected too many times"
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return server + " unreachable"
	}
	return server + ": " + err.Error()
}
