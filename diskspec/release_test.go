package diskspec_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// TestReleases pins the version-dependent lexing (release.TrustedFlags,
// release.GrantUsage) to what libxlutil 4.17 and 4.20 print (checked
// against both).
func TestReleases(t *testing.T) {
	x417, x418, x419, x420, x422 := release.Xen417, release.Xen418, release.Xen419, release.Xen420, release.Xen422
	tests := []struct {
		spec     string
		opts     domain.Options
		trusted  diskspec.Defbool
		grants   diskspec.Defbool
		target   string
		wantErrs []flatErr
	}{
		{spec: "trusted,,xvda", opts: domain.Options{Xen: x417}, target: "trusted"},
		{spec: "untrusted,,xvda", opts: domain.Options{Xen: x418}, target: "untrusted"},
		{spec: "vdev=xvda,untrusted,target=/x", opts: domain.Options{Xen: x419}, trusted: diskspec.DefboolFalse, target: "/x"},
		{spec: "vdev=xvda,trusted,target=/x", opts: domain.Options{}, trusted: diskspec.DefboolTrue, target: "/x"},
		// The example: 4.17's xl says "target respecified".
		{spec: "vdev=xvda,trusted,target=/x.img", opts: domain.Options{Xen: x417},
			wantErrs: []flatErr{{0, 25, 6, "XLD010", "target respecified", "/x.img"}}},
		// The 2015 dialect has no release feature.
		{spec: "trusted,,xvda", opts: domain.Options{Dialect: domain.Dialect2015, Xen: x422}, target: "trusted"},
		{spec: "/x,,xvda,grant_usage=1", opts: domain.Options{Xen: x420}, grants: diskspec.DefboolTrue, target: "/x"},
		{spec: "/x,,xvda,grant_usage=0", opts: domain.Options{Xen: x419}, grants: diskspec.DefboolFalse, target: "/x"},
		// grant_usage=10: the longest match is grant_usage=1; 0 is the next
		// (positional) parameter.
		{spec: "vdev=xvda,grant_usage=10", opts: domain.Options{Xen: x422}, grants: diskspec.DefboolTrue, target: "0"},
		// Before 4.19 grant_usage is a positional value, then '=1' is bad
		// syntax.
		{spec: "/x,,xvda,grant_usage=1", opts: domain.Options{Xen: x418},
			wantErrs: []flatErr{{0, 9, 11, "XLD005", "unknown value for access", "grant_usage"}, {0, 20, 2, "XLD001", "bad disk syntax", "=1"}}},
		{spec: "grant_usage=1,/x,,xvda", opts: domain.Options{Xen: x417},
			wantErrs: []flatErr{{0, 11, 11, "XLD001", "bad disk syntax", "=1,/x,,xvda"}}},
		{spec: "/x,,xvda,grant_usage=2", opts: domain.Options{Xen: x422},
			wantErrs: []flatErr{{0, 9, 11, "XLD005", "unknown value for access", "grant_usage"}, {0, 20, 2, "XLD001", "bad disk syntax", "=2"}}},
	}
	for _, tt := range tests {
		p, err := diskspec.ParseWith(tt.opts, tt.spec)
		if diff := cmp.Diff(tt.wantErrs, flatten([]string{tt.spec}, err)); diff != "" {
			t.Errorf("%q for %s/%s: errors (-want +got):\n%s", tt.spec, tt.opts.Release(), tt.opts.Dialect, diff)
			continue
		}
		if err != nil {
			continue
		}
		d := p.Disk
		if d.Trusted != tt.trusted || d.GrantUsage != tt.grants || d.Target() != tt.target {
			t.Errorf("%q for %s: trusted %v grant_usage %v target %q, want %v %v %q", tt.spec, tt.opts.Release(),
				d.Trusted, d.GrantUsage, d.Target(), tt.trusted, tt.grants, tt.target)
		}
	}
}

// TestShorthands: Parse, ParseArgs and ParseDetailed are ParseWith of the
// zero Options.
func TestShorthands(t *testing.T) {
	for _, spec := range append(typicalSpecs, "vdev=xvda,trusted,grant_usage=1,target=/x", "/x,bogus,xvda") {
		p, perr := diskspec.ParseWith(domain.Options{}, spec)
		d, err := diskspec.Parse(spec)
		q, qerr := diskspec.ParseDetailed(spec)
		if (perr == nil) != (err == nil) || (qerr == nil) != (err == nil) {
			t.Fatalf("%q: errors %v / %v / %v", spec, perr, err, qerr)
		}
		if err != nil {
			if perr.Error() != err.Error() || qerr.Error() != err.Error() {
				t.Errorf("%q: errors %v / %v / %v", spec, perr, err, qerr)
			}
			continue
		}
		if diff := cmp.Diff(p.Disk, d); diff != "" {
			t.Errorf("%q: ParseWith and Parse differ:\n%s", spec, diff)
		}
		if diff := cmp.Diff(p.Disk, q.Disk); diff != "" || p.ColoParams != q.ColoParams {
			t.Errorf("%q: ParseWith and ParseDetailed differ:\n%s", spec, diff)
		}
		for _, f := range p.Fields() {
			if p.Span(f) != q.Span(f) {
				t.Errorf("%q: span of %s: %v vs %v", spec, f, p.Span(f), q.Span(f))
			}
		}
	}
}
