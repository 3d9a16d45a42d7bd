// Package specgen generates random Xen xl disk specs (the fragments of one
// `xl block-attach` command, or one string of an xl.cfg disk list) for
// differential testing against libxlu. The mix is deliberately rich: valid
// specs in the positional, keyword and mixed forms, and invalid ones that
// reach every rule and error path of libxlu's flex lexer
// (tools/libs/util/libxlu_disk_l.l) and of xlu_disk_parse's final checks.
//
// A Generator is deterministic for a given seed and options, so a failing
// spec can be reproduced from the seed alone. It never produces a NUL byte
// (C strings would end there).
package specgen

import (
	"math/rand"
	"strings"
)

// Options tune what a Generator produces.
type Options struct {
	// Xen417Only leaves out what Xen 4.17's libxlu does not know:
	// the trusted / untrusted flags, grant_usage= and the 2015 COLO
	// series' colo-params= (with these, 4.17 would report an unknown
	// parameter or take the text as a positional value, while newer
	// parsers accept them).
	//
	// With diskspec.ParseWith following the release asked for, the
	// differential tests use Libxlu instead; Xen417Only stays for callers
	// that compare a 4.17 lexer with a newer parser.
	Xen417Only bool
	// Libxlu leaves out only what no libxlu release knows: the 2015 COLO
	// series' colo-params= (which xldisk reads and libxlu reports as an
	// unknown parameter). trusted, untrusted and grant_usage= stay in: a
	// parser that follows the release must read them as that release's
	// libxlu does.
	Libxlu bool
	// MaxFrags is the largest number of fragments per spec (1..3 when 0).
	MaxFrags int
}

// Generator produces random disk specs. It is not safe for concurrent use.
type Generator struct {
	r    *rand.Rand
	opts Options
}

// New returns a Generator seeded with seed and the default options (every
// keyword, including those newer than Xen 4.17; 1..3 fragments).
func New(seed int64) *Generator {
	return NewWithOptions(seed, Options{})
}

// NewWithOptions returns a Generator seeded with seed.
func NewWithOptions(seed int64, opts Options) *Generator {
	if opts.MaxFrags <= 0 {
		opts.MaxFrags = 3
	}
	return &Generator{r: rand.New(rand.NewSource(seed)), opts: opts}
}

// Spec returns the fragments of one random disk spec (1..MaxFrags of them).
func (g *Generator) Spec() []string {
	var toks []string
	switch n := g.r.Intn(100); {
	case n < 35:
		toks = g.positional()
	case n < 70:
		toks = g.keywords()
	case n < 85:
		toks = g.mixed()
	default:
		toks = g.soup()
	}
	frags := g.split(toks)
	if g.r.Intn(100) < 25 {
		i := g.r.Intn(len(frags))
		frags[i] = g.mutate(frags[i])
	}
	return frags
}

// SpecString returns a one-fragment spec, as found in an xl.cfg disk list.
func (g *Generator) SpecString() string {
	save := g.opts.MaxFrags
	g.opts.MaxFrags = 1
	defer func() { g.opts.MaxFrags = save }()
	return g.Spec()[0]
}

func (g *Generator) pick(pool []string) string { return pool[g.r.Intn(len(pool))] }

func (g *Generator) chance(pct int) bool { return g.r.Intn(100) < pct }

var (
	goodTargets = []string{
		"/dev/vg/guest-volume", "/var/lib/xen/images/guest.img", "/root/image.iso",
		"/srv/xen/disk.qcow2", "disk.vhd", "/dev/sdb", "/dev/mapper/vg-lv_1",
		"/images/a b.img", "app01", "/dev/drbd/by-res/r0", "nbd.example.org:10809",
		"iqn.2001-05.com.equallogic:0-8a0906-23fe93404-c82797962054a96d-examplehost",
	}
	oddTargets = []string{
		"", " ", "/x  ", "  /x", "/a=b", "/a:b", "C:\\disk.img", "http://host/x",
		"/tmp/\x01ctl", "/img/\xff\xfe.raw", "/\x7f", "/tab\there", "/nl\nthere", "/ü.img",
		"/a,b", "=", "/x\r", "foo", "/dev/vg/\"q\"", "/back\\slash", "RAW:/x", "a:", ":x",
	}
	formats    = []string{"raw", "qcow", "qcow2", "vhd", "empty", "qed"}
	badFormats = []string{"", "bogus", "RAW", "raw ", " raw", "qcow3", "vpc", "host_device", "\x80"}
	goodVdevs  = []string{
		"xvda", "xvdb", "xvdc1", "xvdaa", "xvdzz15", "hda", "hdc", "hdd", "sda", "sdb1",
		"sdp15", "d0p1", "d3", "51712", "768", "xvda:disk", "hdc:cdrom", "hdc:disk", "xvdb:cdrom",
	}
	badVdevs = []string{
		"", " xvda", "xvda ", "hdz", "sdq", "xvd", "xvda0", "xvda01", "hda64", "foo",
		"hdc:floppy", ":cdrom", "hdc:", "a:b:cdrom", "xvda:cdrom:disk", "\xc3\x28", "-1",
	}
	access = []string{"r", "ro", "rw", "w", ""}
	// extraPositional is a fifth positional value (an error).
	extraPositional = []string{"r", "rw", "", "extra"}
	badAccess       = []string{"x", "RW", "rw ", " r", "wr", "read", "\x01"}
	backendty       = []string{"phy", "tap", "qdisk", "standalone"}
	badBackty       = []string{"", "PHY", "qemu", "tap2", "phy "}
	specs           = []string{"xen", "virtio"}
	badSpecs        = []string{"", "Xen", "virtio-mmio", "pv"}
	devtypes        = []string{"cdrom", "disk"}
	badDevtypes     = []string{"", "floppy", "CDROM", "cdrom ", "disk2"}
	domnames        = []string{"dom0", "driver-dom", "0", "storage.vm", ""}
	scripts         = []string{"block-iscsi", "block-drbd", "/etc/xen/scripts/block", "block", ""}
	coloHosts       = []string{"127.0.0.1", "192.168.1.2", "host", "", "::1"}
	coloPorts       = []string{
		"9000", "1", "65535", "0", "", "abc", "12abc", "-1", " 7", "\t8", "+5", "0x10",
		"010", "99999999999", "2147483648", "4294967296", "-4294967295", "00", "-0", " ", "1e3",
	}
	coloNames = []string{"disk0", "colo-export-1", "/var/lib/xen/active.qcow2", "/hidden.qcow2", ""}
	flags     = []string{"cdrom", "direct-io-safe", "discard", "no-discard", "colo", "no-colo"}
	newFlags  = []string{"trusted", "untrusted"}
	unknownKV = []string{
		"x=y", "foo=bar", "foo-bar=1", "a=", "a=b=c", "cache=none", "mode=w", "type=hvm",
		"bootable=1", "z9=q", "Foo=bar", "1x=y", "-a=b", "_x=y", "ab-=c", "format2=raw",
		"colo_port=1", "vdev1=xvda", "readwrite=1", "a=bc", "a=\xff",
	}
	prefixes    = []string{"raw:", "qcow:", "qcow2:", "vhd:", "iscsi:", "nbd:", "enbd:", "drbd:", "tapdisk:", "tap:", "tap2:", "aio:", "ioemu:", "file:", "phy:"}
	chains      = []string{"tap:aio:", "tap:qcow2:", "tap2:vhd:", "tapdisk:aio:", "phy:raw:", "file:qcow:", "tap:tap:aio:", "aio:foo:"}
	badPrefixes = []string{"foo:", "tap3:", "qed:", "empty:", "x:", "abc9:", "http:", "vhdx:", "Raw:", "a1:"}
	spaces      = []string{" ", "  ", "\t", "\n", " \t", "\t \n"}
	weird       = []string{"\x80", "\xff", "\xc3\xa9", "\x01", "\x1f", "\x7f", "\r", "\v", "\f", "\"", "\\", "'", "`", "=", ":", ",", "%s", "%n"}
)

func (g *Generator) target() string {
	if g.chance(75) {
		return g.pick(goodTargets)
	}
	if !g.opts.Xen417Only && g.chance(15) {
		// Positional values in 4.17 and 4.18, flags from 4.19.
		return g.pick([]string{"trusted", "untrusted", "trustedx", "grant_usage", "grant_usage=1"})
	}
	return g.pick(oddTargets)
}

func (g *Generator) format() string {
	if g.chance(85) {
		return g.pick(formats)
	}
	return g.pick(badFormats)
}

func (g *Generator) vdev() string {
	if g.chance(85) {
		return g.pick(goodVdevs)
	}
	return g.pick(badVdevs)
}

func (g *Generator) access() string {
	if g.chance(85) {
		return g.pick(access)
	}
	return g.pick(badAccess)
}

// prefixChain returns zero or more deprecated prefixes (tap:aio:, raw:, ...).
func (g *Generator) prefixChain() string {
	if g.chance(8) {
		return g.pick(chains)
	}
	var b strings.Builder
	for n := g.r.Intn(3); n > 0; n-- {
		if g.chance(90) {
			b.WriteString(g.pick(prefixes))
		} else {
			b.WriteString(g.pick(badPrefixes))
		}
	}
	return b.String()
}

// positional builds the classic form [prefix:]target,format,vdev[,access]
// (the format slot is skipped after a deprecated prefix), plus extras.
func (g *Generator) positional() []string {
	pre := g.prefixChain()
	toks := []string{pre + g.target()}
	if pre == "" || g.chance(10) {
		switch {
		case g.chance(25):
			toks = append(toks, "")
		default:
			toks = append(toks, g.format())
		}
	}
	toks = append(toks, g.vdev())
	if g.chance(70) {
		toks = append(toks, g.access())
	}
	if g.chance(8) {
		toks = append(toks, g.pick(extraPositional))
	}
	for n := g.r.Intn(3); n > 0 && g.chance(40); n-- {
		toks = append(toks, g.anyKeyword(false))
	}
	if g.chance(10) { // empty cdrom: ",,hdc:cdrom,r" / ",hdc:cdrom,r"
		toks = []string{"", g.pick([]string{"hdc:cdrom", "xvdb:cdrom", "hdd:disk", "hdc:floppy", "empty", ""}), g.pick([]string{"hdc:cdrom", "r", "hdc"})}
	}
	return g.space(toks)
}

// keyword is one key=value parameter with a mostly good value.
func (g *Generator) keyword(key string) string {
	good := g.chance(85)
	v := ""
	switch key {
	case "format":
		v = g.format()
	case "vdev":
		v = g.vdev()
	case "access":
		v = g.access()
	case "backend":
		v = g.pick(domnames)
	case "backendtype":
		if good {
			v = g.pick(backendty)
		} else {
			v = g.pick(badBackty)
		}
	case "specification":
		if good {
			v = g.pick(specs)
		} else {
			v = g.pick(badSpecs)
		}
	case "devtype":
		if good {
			v = g.pick(devtypes)
		} else {
			v = g.pick(badDevtypes)
		}
	case "script":
		v = g.pick(scripts)
	case "colo-host":
		v = g.pick(coloHosts)
	case "colo-port":
		v = g.pick(coloPorts)
	case "colo-export", "active-disk", "hidden-disk":
		v = g.pick(coloNames)
	case "colo-params":
		v = g.pick([]string{"192.168.1.2:9000:exportname=disk0", "host:1:exportname=x", "", "bad", "h:p:exportname="})
	case "grant_usage":
		v = g.pick([]string{"1", "0", "1", "0", "2", "", "yes", "10", "01", "1 "})
	case "target":
		v = g.target()
		if g.chance(25) { // target= eats the rest, commas included
			v += g.pick([]string{",", ",,", ",vdev=xvda", ", ", ",x,"})
		}
	}
	return key + "=" + v
}

var keys = []string{
	"format", "vdev", "access", "backend", "backendtype", "specification", "devtype",
	"script", "colo-host", "colo-port", "colo-export", "active-disk", "hidden-disk",
}

// anyKeyword returns a random keyword parameter, flag or unknown parameter
// (never target= unless withTarget).
func (g *Generator) anyKeyword(withTarget bool) string {
	switch n := g.r.Intn(100); {
	case n < 55:
		return g.keyword(g.pick(keys))
	case n < 75:
		return g.pick(flags)
	case n < 82:
		if !g.opts.Xen417Only {
			if g.chance(50) {
				return g.pick(newFlags)
			}
			if g.opts.Libxlu {
				return g.keyword("grant_usage")
			}
			return g.keyword(g.pick([]string{"grant_usage", "colo-params"}))
		}
		return g.pick(flags)
	case n < 92:
		return g.pick(unknownKV)
	default:
		if withTarget {
			return g.keyword("target")
		}
		return g.pick(flags)
	}
}

// keywords builds the keyword form: vdev=..., other keywords, target= last
// (usually).
func (g *Generator) keywords() []string {
	toks := []string{}
	if g.chance(92) {
		toks = append(toks, g.keyword("vdev"))
	}
	for n := g.r.Intn(5); n > 0; n-- {
		toks = append(toks, g.anyKeyword(false))
	}
	if g.chance(15) {
		toks = append(toks, g.keyword(g.pick([]string{"vdev", "format", "access", "backendtype", "script", "devtype"})))
	}
	g.r.Shuffle(len(toks), func(i, j int) { toks[i], toks[j] = toks[j], toks[i] })
	if g.chance(85) {
		t := g.keyword("target")
		if g.chance(85) {
			toks = append(toks, t)
		} else {
			toks = append([]string{t}, toks...)
		}
	}
	return g.space(toks)
}

// mixed starts positional and continues with keywords, or the reverse.
func (g *Generator) mixed() []string {
	var toks []string
	if g.chance(50) {
		toks = append(toks, g.prefixChain()+g.target())
		if g.chance(50) {
			toks = append(toks, g.format())
		}
		for n := 1 + g.r.Intn(3); n > 0; n-- {
			toks = append(toks, g.anyKeyword(false))
		}
		if g.chance(60) {
			toks = append(toks, g.vdev())
		}
	} else {
		for n := 1 + g.r.Intn(3); n > 0; n-- {
			toks = append(toks, g.anyKeyword(false))
		}
		toks = append(toks, g.prefixChain()+g.target(), g.vdev())
		if g.chance(40) {
			toks = append(toks, g.access())
		}
	}
	return g.space(toks)
}

// soup strings together random parameters of every kind.
func (g *Generator) soup() []string {
	var toks []string
	for n := g.r.Intn(7); n >= 0; n-- {
		switch g.r.Intn(8) {
		case 0:
			toks = append(toks, g.target())
		case 1:
			toks = append(toks, g.vdev())
		case 2:
			toks = append(toks, g.format())
		case 3:
			toks = append(toks, g.access())
		case 4:
			toks = append(toks, g.prefixChain()+g.target())
		case 5:
			toks = append(toks, g.anyKeyword(true))
		case 6:
			toks = append(toks, g.pick(weird))
		default:
			toks = append(toks, g.pick(badPrefixes)+g.target())
		}
	}
	return g.space(toks)
}

// space sprinkles whitespace before, inside and after some parameters.
func (g *Generator) space(toks []string) []string {
	if !g.chance(30) {
		return toks
	}
	for i := range toks {
		switch g.r.Intn(8) {
		case 0:
			toks[i] = g.pick(spaces) + toks[i]
		case 1:
			toks[i] += g.pick(spaces)
		case 2:
			if len(toks[i]) > 0 {
				k := g.r.Intn(len(toks[i]) + 1)
				toks[i] = toks[i][:k] + g.pick(spaces) + toks[i][k:]
			}
		}
	}
	return toks
}

// split joins the parameters with commas into 1..MaxFrags fragments. Flags
// and parameters sometimes end a fragment with a trailing comma, sometimes
// not; now and then an empty positional (",,") is added.
func (g *Generator) split(toks []string) []string {
	nf := 1 + g.r.Intn(g.opts.MaxFrags)
	if nf > len(toks) && len(toks) > 0 {
		nf = len(toks)
	}
	if len(toks) == 0 {
		return []string{g.pick([]string{"", ",", " ", "\t"})}
	}
	// cut points
	cuts := map[int]bool{}
	for len(cuts) < nf-1 {
		cuts[1+g.r.Intn(len(toks)-1)] = true
	}
	var frags []string
	var b strings.Builder
	for i, t := range toks {
		if cuts[i] {
			if g.chance(30) {
				b.WriteString(",")
			}
			frags = append(frags, b.String())
			b.Reset()
		} else if i > 0 {
			switch n := g.r.Intn(100); {
			case n < 90:
				b.WriteString(",")
			case n < 95:
				b.WriteString(",,")
			case n < 97:
				b.WriteString(g.pick(spaces))
			default: // no separator: parameters run together
			}
		}
		b.WriteString(t)
	}
	if g.chance(10) {
		b.WriteString(g.pick([]string{",", ",,", " ", ", ", "\n"}))
	}
	frags = append(frags, b.String())
	return frags
}

// mutate damages a fragment a little: a weird byte inserted, a byte deleted
// or duplicated, a comma or colon inserted, case changed.
func (g *Generator) mutate(s string) string {
	for n := 1 + g.r.Intn(2); n > 0; n-- {
		k := 0
		if len(s) > 0 {
			k = g.r.Intn(len(s) + 1)
		}
		switch g.r.Intn(6) {
		case 0:
			s = s[:k] + g.pick(weird) + s[k:]
		case 1:
			if k < len(s) {
				s = s[:k] + s[k+1:]
			}
		case 2:
			if k < len(s) {
				s = s[:k] + s[k:k+1] + s[k:]
			}
		case 3:
			s = s[:k] + g.pick([]string{",", ":", "=", ",,"}) + s[k:]
		case 4:
			s = strings.ToUpper(s[:k]) + s[k:]
		default:
			s = s[:k] + g.pick(spaces) + s[k:]
		}
	}
	return s
}

// LibxluLacks reports whether a spec uses colo-params=, the one keyword no
// libxlu release knows (see Options.Libxlu).
func LibxluLacks(frags []string) bool {
	for _, f := range frags {
		if strings.Contains(f, "colo-params=") {
			return true
		}
	}
	return false
}

// Xen417Lacks reports whether a spec uses a keyword that Xen 4.17's libxlu
// does not know (trusted, untrusted, grant_usage=, colo-params=), so that a
// differential test can skip it: a 4.17 lexer and a newer parser disagree
// on it by design.
func Xen417Lacks(frags []string) bool {
	for _, f := range frags {
		if strings.Contains(f, "trusted") || strings.Contains(f, "grant_usage=") || strings.Contains(f, "colo-params=") {
			return true
		}
	}
	return false
}
