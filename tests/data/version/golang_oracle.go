// Answers "compare<TAB>a<TAB>b" lines with golang.org/x/mod/semver.Compare, one answer per
// line: -1/0/1, or "invalid" when semver.IsValid refuses either version. A missing leading
// "v" is added first, as bulwark does for OSV's Go ranges.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func withV(v string) string {
	if strings.HasPrefix(v, "v") {
		return v
	}
	return "v" + v
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		fields := strings.SplitN(in.Text(), "\t", 3)
		a, b := withV(fields[1]), withV(fields[2])
		if !semver.IsValid(a) || !semver.IsValid(b) {
			fmt.Fprintln(out, "invalid")
			continue
		}
		fmt.Fprintln(out, semver.Compare(a, b))
	}
}
