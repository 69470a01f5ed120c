"""Find how many body lines a story's area needs so the article fits without overset.

Used by hand to size the areas of sample issues (e.g. fixtures/hengyang-evening):

    cargo build --release
    cd fixtures/hengyang-evening
    python3 ../../scripts/fit-areas.py . ../../layouts/hengyang-evening-tabloid.toml articles/p2-citylife.txt 3 4

prints the rows for an area of 3 columns starting at body line 4 of an inside page.
"""
import subprocess, sys, os, re
B = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'target', 'release', 'broadsheet')
HEAD='''layout = "{layout}"
[issue]
paper = "{paper}"
paper_en = "{paper_en}"
date = 2022-12-01
number = 100
'''
def probe(d, layout, article, cols, row, rows, template='inside', columns=None, cont=None):
    """Return (overset, empty) for a story at rows row..row+rows-1."""
    p = os.path.join(d, '_probe.toml')
    s = HEAD.format(layout=layout, paper='x', paper_en='x')
    if template=='front':
        s += '[[page]]\ntemplate = "front"\n'
    else:
        s += '[[page]]\ntemplate = "inside"\n'
    s += f'[[page.story]]\narticle = "{article}"\narea = {{ col = 1, cols = {cols}, row = {row}, rows = {rows} }}\n'
    open(p,'w').write(s)
    # The dump goes to stdout and is discarded; only the warnings on stderr matter.
    r = subprocess.run([B, 'dump', p, '--allow-overset'], capture_output=True, text=True)
    err = r.stderr
    if 'error' in err and 'overset' not in err:
        print(err); sys.exit(1)
    over = 'is overset' in err
    m = re.search(r'underset: (\d+) body lines', err)
    return over, int(m.group(1)) if m else 0

def fit(d, layout, article, cols, row, template='inside', maxrows=200):
    for rows in range(8, maxrows):
        over, empty = probe(d, layout, article, cols, row, rows, template)
        if not over:
            return rows
    return None

if __name__ == '__main__':
    d, layout, article, cols, row = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    try:
        print(fit(d, layout, article, cols, row))
    finally:
        probe_file = os.path.join(d, '_probe.toml')
        if os.path.exists(probe_file):
            os.remove(probe_file)
