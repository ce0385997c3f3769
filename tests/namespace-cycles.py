#!/usr/bin/env python3
"""Lists the cycles between the namespaces of FragilityIndex.Core, from its sources: a file of namespace A depends on
namespace B when it names a type declared only in B (through a using, a qualified name or its parent namespace).
A source-level approximation: a type is seen by its bare name (a name after a dot is taken for a member).
Usage, from the repository's root: python3 tests/namespace-cycles.py [src/FragilityIndex.Core] [-v]"""
import re,os,sys,collections
root=sys.argv[1] if len(sys.argv)>1 else 'src/FragilityIndex.Core'
files={}
types={}
for d,_,fs in os.walk(root):
    if '/obj' in d or '/bin' in d: continue
    for f in fs:
        if f.endswith('.cs'):
            p=os.path.join(d,f); s=open(p).read()
            # strip comments and strings
            s2=re.sub(r'//.*','',s); s2=re.sub(r'/\*.*?\*/','',s2,flags=re.S); s2=re.sub(r'"""(.|\n)*?"""','""',s2); s2=re.sub(r'@?\$?"(?:[^"\\\n]|\\.)*"','""',s2)
            m=re.search(r'^namespace ([\w.]+);',s,re.M)
            if not m: continue
            ns=m.group(1); files[p]=(ns,s2)
            for t in re.findall(r'\b(?:class|record|struct|enum|interface|delegate [\w<>\[\]?,. ]+?)\s+([A-Z]\w*)',s2):
                types.setdefault(t,set()).add(ns)
edges=collections.defaultdict(lambda: collections.defaultdict(set))
for p,(ns,s) in files.items():
    # A name after a dot is a member (TerritoryLevel.Commune), not a type of another namespace.
    for ident in set(re.findall(r'(?<![.\w])([A-Z]\w*)\b',s)):
        owners=types.get(ident)
        if not owners or ns in owners or len(owners)>1: continue
        (o,)=owners
        edges[ns][o].add((os.path.relpath(p,root),ident))
# cycles between namespaces (SCCs)
nodes=set(files[p][0] for p in files)
index={};low={};stack=[];on=set();sccs=[];i=[0]
def strong(v):
    index[v]=low[v]=i[0]; i[0]+=1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index: strong(w); low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],index[w])
    if low[v]==index[v]:
        c=[]
        while True:
            w=stack.pop(); on.discard(w); c.append(w)
            if w==v: break
        if len(c)>1: sccs.append(sorted(c))
for v in sorted(nodes):
    if v not in index: strong(v)
verbose='-v' in sys.argv
for c in sccs:
    print('CYCLE:', ' '.join(c))
    if verbose:
        for a in c:
            for b in c:
                if b in edges[a]:
                    ex=sorted(edges[a][b])[:6]
                    print(f'   {a} -> {b}: '+', '.join(f'{f}:{t}' for f,t in ex))
if not sccs: print('no namespace cycle')
