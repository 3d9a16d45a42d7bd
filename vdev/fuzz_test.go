package vdev

import (
	"errors"
	"testing"
)

// FuzzDecode checks that Decode never panics, that errors point inside the
// name, that accepted names agree with the libxl emulation and that the
// canonical name of an accepted number decodes back to it.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"xvda", "xvdzz255", "hdd63", "sdp15", "d1048575p255", "51712", "0x10", "d0xp1", "xvda+1", "hde", "xvda01", "", "xvd", "d-1p0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		v, err := Decode(name)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Decode(%q): error %T, want *Error", name, err)
			}
			if e.Offset < 0 || e.Len < 0 || e.Offset+e.Len > len(name) || e.Msg == "" {
				t.Fatalf("Decode(%q): bad error %+v", name, e)
			}
			return
		}
		lv, ok := libxlDevNumber(name)
		if !ok || lv != v || v.Number < 0 {
			t.Fatalf("Decode(%q) = %+v but libxl emulation %+v, %v", name, v, lv, ok)
		}
		canon, err := Name(v.Number)
		if err != nil {
			t.Fatalf("Name(%d): %v", v.Number, err)
		}
		w, err := Decode(canon)
		if err != nil || w.Number != v.Number {
			t.Fatalf("%q -> %d -> %q -> %+v, %v", name, v.Number, canon, w, err)
		}
	})
}
