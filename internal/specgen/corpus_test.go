package specgen_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/internal/specgen"
)

func TestEncodeCase(t *testing.T) {
	tests := []struct {
		frags []string
		line  string
	}{
		{nil, `\N`},
		{[]string{""}, `\e`},
		{[]string{"", ""}, "\\e\t\\e"},
		{[]string{"/x,raw,xvda"}, "/x,raw,xvda"},
		{[]string{" a\tb\n\\ "}, `\x20a\tb\n\\\x20`},
		{[]string{"#x", "#y"}, "\\x23x\t#y"},
		{[]string{"\x00\x80\xff\x7f\x1f\r"}, `\x00\x80\xff\x7f\x1f\r`},
		{[]string{`\N`}, `\\N`},
	}
	for _, tt := range tests {
		if got := specgen.EncodeCase(tt.frags); got != tt.line {
			t.Errorf("EncodeCase(%q) = %q, want %q", tt.frags, got, tt.line)
		}
		back, err := specgen.DecodeCase(tt.line)
		if err != nil || !cmp.Equal(back, tt.frags) {
			t.Errorf("DecodeCase(%q) = %q, %v; want %q", tt.line, back, err, tt.frags)
		}
	}
	for _, bad := range []string{`a\`, `\q`, `\x4`, `\xzz`} {
		if _, err := specgen.DecodeCase(bad); err == nil {
			t.Errorf("DecodeCase(%q) succeeded", bad)
		}
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	g := specgen.New(5)
	for i := 0; i < 5000; i++ {
		frags := g.Spec()
		line := specgen.EncodeCase(frags)
		if strings.ContainsAny(line, "\n\r") || line == "" || line[0] == '#' || line != strings.TrimSpace(line) {
			t.Fatalf("EncodeCase(%q) = %q: not one safe line", frags, line)
		}
		back, err := specgen.DecodeCase(line)
		if err != nil || !cmp.Equal(back, frags) {
			t.Fatalf("round trip %q -> %q -> %q, %v", frags, line, back, err)
		}
	}
}

func TestReadCorpus(t *testing.T) {
	got, err := specgen.ReadCorpus(strings.NewReader("# comment\n\n/x,raw,xvda\n\\N\na\tb\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"/x,raw,xvda"}, nil, {"a", "b"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadCorpus (-want +got):\n%s", diff)
	}
	if _, err := specgen.ReadCorpus(strings.NewReader("ok\n\\x41\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("non-canonical line: err = %v", err)
	}
}

func ExampleEncodeCase() {
	line := specgen.EncodeCase([]string{"vdev=xvda", " target=/x\n"})
	fmt.Println(line)
	frags, _ := specgen.DecodeCase(line)
	fmt.Printf("%q\n", frags)
	// Output:
	// vdev=xvda	\x20target=/x\n
	// ["vdev=xvda" " target=/x\n"]
}

// FuzzDecodeCase: decoding never panics, and what decodes re-encodes to a
// line that decodes to the same fragments.
func FuzzDecodeCase(f *testing.F) {
	f.Add(`\N`)
	f.Add("a\\tb\t\\e\t\\x80")
	f.Fuzz(func(t *testing.T, line string) {
		frags, err := specgen.DecodeCase(line)
		if err != nil {
			return
		}
		back, err := specgen.DecodeCase(specgen.EncodeCase(frags))
		if err != nil || !cmp.Equal(back, frags, cmp.Comparer(func(a, b []string) bool {
			return strings.Join(a, "\x00|") == strings.Join(b, "\x00|") && len(a) == len(b)
		})) {
			t.Fatalf("%q: %q re-decodes to %q, %v", line, frags, back, err)
		}
	})
}
