#!/usr/bin/env python3
# gst-wmnet
# Copyright (C) 2026 the gst-wmnet developers
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# This library is free software; you can redistribute it and/or
# modify it under the terms of the GNU Lesser General Public
# License as published by the Free Software Foundation; either
# version 2.1 of the License, or (at your option) any later version.
#
# This library is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
# Lesser General Public License for more details.
#
# You should have received a copy of the GNU Lesser General Public
# License along with this library; if not, see <https://www.gnu.org/licenses/>.
"""Checks ext/wmnet's layers (docs/design.md, D66).

    check-layers.py SOURCE_ROOT [--print]

The layers are ext/wmnet's folders in the order of the subdir() calls of
ext/wmnet/meson.build, bottom first. A module is a .c file with its .h
(and a NAMEpriv.h, the private structure of NAME). Fails when a file
includes a header of a higher layer, or when the modules' includes make a
circle (but KNOWN_CIRCLE's), or when a file hands work to another
thread with g_main_context_invoke or an idle source rather than through
that thread's command queue or mailbox (D67). --print prints every arrow (LAYER/MODULE ->
LAYER/MODULE).
"""

import os
import re
import sys

# Circles allowed: none (wmnetsink tells its server sink that it made it
# rather than the server sink asking for a wmnetsink, D66).
KNOWN_CIRCLE = set()

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
# the hand-offs D67 replaced by one queue into each thread
HANDOFF = re.compile(r'\b(g_main_context_invoke(_full)?|g_idle_add(_full)?|'
    r'g_idle_source_new)\b')


def module_of(name):
    base = os.path.splitext(name)[0]
    return base[:-4] if base.endswith('priv') else base


def main():
    root = os.path.join(sys.argv[1], 'ext', 'wmnet')
    show = '--print' in sys.argv[2:]
    with open(os.path.join(root, 'meson.build'), encoding='utf-8') as f:
        layers = re.findall(r"^subdir\('([^']+)'\)", f.read(), re.M)
    rank = {layer: i for i, layer in enumerate(layers)}
    layer_of = {}               # file name -> its folder
    for layer in layers:
        for name in os.listdir(os.path.join(root, layer)):
            if name.endswith(('.c', '.h')):
                layer_of[name] = layer
    errors = []
    for name in os.listdir(root):
        if name.endswith(('.c', '.h')):
            errors.append('ext/wmnet/%s: outside the layers' % name)
    arrows = set()
    for name, layer in sorted(layer_of.items()):
        with open(os.path.join(root, layer, name), encoding='utf-8') as f:
            text = f.read()
            for m in HANDOFF.finditer(text):
                errors.append('%s/%s:%d: %s: a hand-off between threads '
                    'outside a command queue (D67)' % (layer, name,
                        text.count('\n', 0, m.start()) + 1, m.group(1)))
            for target in INCLUDE.findall(text):
                target = os.path.basename(target)
                if target not in layer_of:
                    continue
                to = layer_of[target]
                if rank[to] > rank[layer]:
                    errors.append('%s/%s includes %s/%s: a higher layer'
                        % (layer, name, to, target))
                a, b = module_of(name), module_of(target)
                if a != b:
                    arrows.add((a, b))
    module_layer = {module_of(n): l for n, l in layer_of.items()}
    if show:
        for a, b in sorted(arrows, key=lambda e: (rank[module_layer[e[0]]],
                e)):
            print('%s/%s -> %s/%s' % (module_layer[a], a, module_layer[b], b))
    # a circle: a module that reaches itself
    succ = {}
    for a, b in arrows:
        succ.setdefault(a, set()).add(b)
    for start in sorted(succ):
        if start in KNOWN_CIRCLE:
            continue
        seen, todo = set(), list(succ[start])
        while todo:
            m = todo.pop()
            if m == start:
                errors.append('%s/%s: in a circle of includes'
                    % (module_layer[start], start))
                break
            if m not in seen:
                seen.add(m)
                todo.extend(succ.get(m, ()))
    for e in errors:
        print(e, file=sys.stderr)
    print('%d layers, %d modules, %d arrows, %d problems'
        % (len(layers), len(module_layer), len(arrows), len(errors)))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
