package colo

import (
	"errors"
	"testing"
)

// FuzzParseParams: ParseParams never panics, error spans lie inside the
// input, and a parsed value formats back to the same text (up to the
// port's spelling) that parses to the same Params.
func FuzzParseParams(f *testing.F) {
	for _, s := range []string{"10.0.0.2:9000:exportname=d1", "h:1:exportname=a:b", "", ":", "h::", "h:0:exportname=x", "h:9000:export=x", "h:9000:exportname="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseParams(s)
		if err != nil {
			var pe *ParamsError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseParams(%q): error %T is not a *ParamsError", s, err)
			}
			if pe.Offset < 0 || pe.Len < 0 || pe.Offset+pe.Len > len(s) {
				t.Fatalf("ParseParams(%q): span %d+%d outside the input", s, pe.Offset, pe.Len)
			}
			return
		}
		if p.Host == "" || p.Export == "" || p.Port < 1 || p.Port > 65535 {
			t.Fatalf("ParseParams(%q) accepted %+v", s, p)
		}
		back, err := ParseParams(FormatParams(p.Host, p.Port, p.Export))
		if err != nil || back.Host != p.Host || back.Port != p.Port || back.Export != p.Export {
			t.Fatalf("round trip of %q: %+v, %v", s, back, err)
		}
	})
}
