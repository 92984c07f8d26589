package regdate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"time"

	"github.com/likexian/whois"
	whoisparser "github.com/likexian/whois-parser"
)

const (
	// ianaWHOIS is asked which server holds a TLD when no server is given.
	ianaWHOIS = "whois.iana.org:43"
	// maxReferrals bounds a WHOIS referral chain.
	maxReferrals = 3
)

// whoisDate asks the TLD's WHOIS server (from IANA, or --whois-server) and
// follows the referral to the registrar's server. The registry's date
// stands when the registrar cannot be reached or gives none.
func (l *Lookup) whoisDate(ctx context.Context, domain string) (time.Time, error) {
	server := l.opts.WHOISServer
	if server == "" {
		tld := domain[strings.LastIndexByte(domain, '.')+1:]
		ans, err := l.whoisQuery(ctx, ianaWHOIS, tld)
		if err != nil {
			return time.Time{}, fmt.Errorf("WHOIS: %w", err)
		}
		server = referral(ans)
		if server == "" {
			return time.Time{}, fmt.Errorf("WHOIS: no WHOIS server known for .%s", tld)
		}
	}
	seen := map[string]bool{}
	var found time.Time
	var firstErr error
	for hop := 0; server != "" && hop <= maxReferrals; hop++ {
		if seen[server] {
			if found.IsZero() {
				firstErr = errors.New("WHOIS: referral loop at " + server)
			}
			break
		}
		seen[server] = true
		ans, err := l.whoisQuery(ctx, server, domain)
		if err != nil {
			if hop == 0 || found.IsZero() && firstErr == nil {
				firstErr = fmt.Errorf("WHOIS: %w", err)
			}
			break
		}
		t, perr := parseWHOIS(ans, domain)
		switch {
		case perr == nil:
			if found.IsZero() {
				found = t
			}
		case errors.Is(perr, errNotFound):
			if found.IsZero() {
				return time.Time{}, errNotFound
			}
		case errors.Is(perr, errRateLimited):
			l.lim.block(hostOf(server), defaultBackoff)
			if firstErr == nil && found.IsZero() {
				firstErr = fmt.Errorf("WHOIS: %s is rate limiting", hostOf(server))
			}
		default:
			if firstErr == nil && found.IsZero() {
				firstErr = fmt.Errorf("WHOIS: %s: %w", hostOf(server), perr)
			}
		}
		if !found.IsZero() {
			// The registry's (or first) date is the registration date;
			// registrars repeat it, so the chain stops here.
			return found, nil
		}
		server = referral(ans)
	}
	if !found.IsZero() {
		return found, nil
	}
	if firstErr == nil {
		firstErr = errors.New("WHOIS: no creation date in the answer")
	}
	return time.Time{}, firstErr
}

// whoisQuery sends one WHOIS query with github.com/likexian/whois, with
// connections opened by Options.Dial, bounded by ctx and capped at
// MaxAnswer bytes.
func (l *Lookup) whoisQuery(ctx context.Context, server, query string) (string, error) {
	if !strings.Contains(server, ":") {
		server += ":43"
	}
	host := hostOf(server)
	release, err := l.lim.take(ctx, host, server)
	if err != nil {
		return "", err
	}
	defer release()
	left := l.opts.Timeout
	if dl, ok := ctx.Deadline(); ok {
		left = time.Until(dl)
	}
	if left <= 0 {
		return "", errors.New(host + " timed out")
	}
	d := &ctxDialer{ctx: ctx, dial: l.opts.Dial}
	c := whois.NewClient().SetDialer(d).SetTimeout(left).SetDisableStats(true).SetDisableReferral(true)
	l.requests.Add(1)
	var ans string
	if strings.Contains(query, ".") {
		ans, err = c.Whois(query, server)
	} else {
		// A bare TLD: likexian/whois sends it to whois.iana.org.
		ans, err = c.Whois(query)
	}
	if d.capped() {
		return "", fmt.Errorf("%s sent an answer larger than 1 MiB", host)
	}
	if err != nil {
		if ans != "" && !isTimeout(err) {
			return ans, nil
		}
		return "", errors.New(netErr(ctx, host, err))
	}
	if strings.TrimSpace(ans) == "" {
		return "", errors.New(host + " sent an empty answer")
	}
	return ans, nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func hostOf(server string) string {
	if h, _, err := net.SplitHostPort(server); err == nil {
		return h
	}
	return server
}

// ctxDialer is the proxy.Dialer given to likexian/whois: it dials with ctx
// and wraps connections so that they close when ctx ends and stop reading
// after MaxAnswer bytes.
type ctxDialer struct {
	ctx  context.Context
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
	conn *cappedConn
}

func (d *ctxDialer) Dial(network, addr string) (net.Conn, error) {
	c, err := d.dial(d.ctx, network, addr)
	if err != nil {
		return nil, err
	}
	cc := &cappedConn{Conn: c, left: MaxAnswer, ctx: d.ctx}
	if dl, ok := d.ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	stop := context.AfterFunc(d.ctx, func() { _ = c.SetDeadline(time.Unix(1, 0)) })
	cc.stop = stop
	d.conn = cc
	return cc, nil
}

func (d *ctxDialer) capped() bool { return d.conn != nil && d.conn.over }

// cappedConn ends reading (EOF) once MaxAnswer bytes were read.
type cappedConn struct {
	net.Conn
	ctx  context.Context
	left int
	over bool
	stop func() bool
}

func (c *cappedConn) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One more byte tells a full answer from a longer one.
		var b [1]byte
		if n, _ := c.Conn.Read(b[:]); n > 0 {
			c.over = true
		}
		return 0, io.EOF
	}
	if len(p) > c.left {
		p = p[:c.left]
	}
	n, err := c.Conn.Read(p)
	c.left -= n
	return n, err
}

func (c *cappedConn) SetReadDeadline(t time.Time) error { return c.Conn.SetReadDeadline(c.bound(t)) }

func (c *cappedConn) SetWriteDeadline(t time.Time) error { return c.Conn.SetWriteDeadline(c.bound(t)) }

// bound keeps the deadlines likexian/whois sets (computed from its own
// timeout) within the lookup's: never past ctx's deadline, already passed
// once ctx is done.
func (c *cappedConn) bound(t time.Time) time.Time {
	if c.ctx.Err() != nil {
		return time.Unix(1, 0)
	}
	if dl, ok := c.ctx.Deadline(); ok && (t.IsZero() || dl.Before(t)) {
		return dl
	}
	return t
}

func (c *cappedConn) Close() error {
	if c.stop != nil {
		c.stop()
	}
	return c.Conn.Close()
}

// referral returns the next server named in a WHOIS answer ("refer:",
// "whois:", "Registrar WHOIS Server:", "ReferralServer:"), "" when none.
func referral(ans string) string {
	for _, line := range strings.Split(ans, "\n") {
		line = strings.TrimSpace(line)
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "refer", "whois", "registrar whois server", "referralserver", "whois server":
			v = strings.TrimSpace(v)
			v = strings.TrimPrefix(v, "whois://")
			v = strings.TrimPrefix(v, "rwhois://")
			if i := strings.IndexAny(v, "/ "); i >= 0 {
				v = v[:i]
			}
			if v != "" && strings.Contains(v, ".") && !strings.HasPrefix(v, "http") {
				return strings.ToLower(v)
			}
		}
	}
	return ""
}

var errRateLimited = errors.New("rate limited")

var (
	rateLimitRe = regexp.MustCompile(`(?i)(limit exceeded|rate limit|too many (queries|requests)|query rate|exceeded (the )?(maximum|allowed)|try again later|quota exceeded|excessive (querying|queries)|number of allowed queries)`)
	notFoundRe  = regexp.MustCompile(`(?im)^\s*(%\s*)?(no match( for)?|not found|no data found|no entries found|no object found|domain not found|object does not exist|the queried object does not exist|nothing found|no such domain|status:\s*(free|available)|.*\bis (free|available for registration)\b|%% not found|no matching record)`)
	ianaRe      = regexp.MustCompile(`(?m)^% IANA WHOIS server`)
	createdRe   = regexp.MustCompile(`(?im)^\s*(?:creation date|created|created on|created date|domain registration date|registered on|registered|registration time|registration date|domain record activated|record created|domain created|fecha de (?:alta|creaci[oó]n|registro)|data de registro|erstellt|\[登録年月日\]|\[registered date\]|登録年月日|activation|first registration date|registered date)\s*[:.]*\s*(.+)$`)
)

// parseWHOIS finds the creation date of domain in a WHOIS answer. It never
// takes a date from IANA's answer about the TLD.
func parseWHOIS(ans, domain string) (time.Time, error) {
	if ianaRe.MatchString(ans) {
		return time.Time{}, errors.New("the answer is IANA's record of the TLD, not the domain")
	}
	info, err := whoisparser.Parse(ans)
	switch {
	case err == nil:
		if info.Domain != nil && info.Domain.CreatedDate != "" {
			if info.Domain.CreatedDateInTime != nil && !info.Domain.CreatedDateInTime.IsZero() {
				return info.Domain.CreatedDateInTime.UTC(), nil
			}
			if t, ok := parseDate(info.Domain.CreatedDate); ok {
				return t, nil
			}
		}
	case errors.Is(err, whoisparser.ErrNotFoundDomain):
		if t, ok := ownCreated(ans); ok {
			return t, nil
		}
		return time.Time{}, errNotFound
	case errors.Is(err, whoisparser.ErrDomainLimitExceed):
		return time.Time{}, errRateLimited
	}
	if t, ok := ownCreated(ans); ok {
		return t, nil
	}
	if rateLimitRe.MatchString(ans) {
		return time.Time{}, errRateLimited
	}
	if notFoundRe.MatchString(ans) {
		return time.Time{}, errNotFound
	}
	if !isText(ans) {
		return time.Time{}, errors.New("the answer is not text")
	}
	return time.Time{}, errors.New("no creation date in the answer")
}

// ownCreated is the fallback parser: the first creation-date line.
func ownCreated(ans string) (time.Time, bool) {
	for _, m := range createdRe.FindAllStringSubmatch(ans, -1) {
		if t, ok := parseDate(m[1]); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

func isText(s string) bool {
	bad := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			bad++
		}
	}
	return bad*20 < len(s)
}
