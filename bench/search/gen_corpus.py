#!/usr/bin/env python3
"""Writes a Chinese disclosure-portal site of N items (~5 KB of body each) for the search benchmark.

The text is made from the repository's own content/ folder: its sentences, an order-3 character
Markov chain trained on them (new sentences with the same word statistics) and templated sentences
with random towns, numbers and programmes. Titles and 文号 are mostly unique, the agency name and
boilerplate repeat in every item, as on a real portal. Deterministic for a given --seed.

    gen_corpus.py --items 10000 --out /tmp/search-site
"""
import argparse
import os
import random
import re
import shutil
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

CATEGORIES = ["meetings", "plans", "public-resources", "livelihood", "key-deployments", "finance",
              "services", "personnel", "operations", "assurance", "catalog", "other"]
TOWNS = ["辛店街道", "稷下街道", "闻韶街道", "雪宫街道", "齐陵街道", "金岭回族镇", "凤凰镇", "金山镇",
         "皇城镇", "敬仲镇", "朱台镇", "齐都镇"]
PROGRAMMES = ["就业创业补贴", "职业技能提升行动", "社会保险补贴", "公益性岗位", "高校毕业生就业见习",
              "劳动保障监察", "根治欠薪", "工伤保险", "城乡居民基本养老保险", "人才引进", "职称评审",
              "技能人才评价", "创业担保贷款", "失业保险稳岗返还", "农民工工资保证金", "劳动人事争议调解仲裁"]
DOC_TYPES = ["通知", "公告", "公示", "通报", "实施方案", "工作要点", "办事指南", "情况说明", "报告"]
ACTIONS = ["印发", "做好", "开展", "进一步加强", "组织实施", "调整", "公布", "启动", "规范"]
BOILERPLATE = [
    "根据《中华人民共和国政府信息公开条例》规定，现将有关情况公开如下。",
    "各镇（街道）人力资源和社会保障所、区直有关单位要高度重视，认真抓好贯彻落实。",
    "联系电话：0533-7180000，联系地址：山东省淄博市临淄区桓公路136号。",
    "本通知自印发之日起施行，由临淄区人力资源和社会保障局负责解释。",
]


def content_sentences():
    sentences = []
    for folder, _, files in os.walk(os.path.join(REPO, "content")):
        for name in files:
            if not name.endswith(".md"):
                continue
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            if text.startswith("---"):
                text = text.split("---", 2)[2]
            for line in text.splitlines():
                line = re.sub(r"^[#>*\-\d.| ]+", "", line).strip()
                line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line).replace("**", "").replace("|", "")
                for sentence in re.findall(r"[^。！？；]+[。！？；]?", line):
                    if len(sentence) >= 8 and re.search(r"[\u4e00-\u9fff]", sentence):
                        sentences.append(sentence)
    return sentences


class Markov:
    """Order-3 character chain: sentences that read like the source but are new."""

    def __init__(self, sentences, order=3):
        self.order = order
        self.next = defaultdict(list)
        self.starts = []
        for s in sentences:
            padded = "\x02" * order + s + "\x03"
            self.starts.append(padded[:order])
            for i in range(len(padded) - order):
                self.next[padded[i:i + order]].append(padded[i + order])

    def sentence(self, rng, limit=80):
        state = "\x02" * self.order
        out = []
        while len(out) < limit:
            c = rng.choice(self.next[state])
            if c == "\x03":
                break
            out.append(c)
            state = state[1:] + c
        text = "".join(out)
        return text if text.endswith(("。", "；", "！", "？")) else text + "。"


def templated(rng, year):
    town = rng.choice(TOWNS)
    prog = rng.choice(PROGRAMMES)
    n = rng.randint(2, 9800)
    month = rng.randint(1, 12)
    forms = [
        f"{year}年{month}月，{town}共受理{prog}申请{n}件，办结率达到{rng.randint(90, 100)}%。",
        f"截至{year}年{month}月底，全区累计发放{prog}资金{rng.randint(10, 990)}.{rng.randint(0, 99)}万元，惠及{n}人。",
        f"{town}人社服务站要严格落实{prog}政策，对符合条件的人员做到应享尽享。",
        f"对{prog}实施过程中发现的问题，由{town}于{month}月{rng.randint(1, 28)}日前整改完毕并书面报告。",
        f"第{rng.randint(1, 40)}批{prog}名单共{n}人，公示期为5个工作日。",
    ]
    return rng.choice(forms)


def body(rng, markov, pool, year, target):
    paragraphs, size = [], 0
    heading = 0
    numerals = "一二三四五六七八九十"
    while size < target:
        if rng.random() < 0.18 and heading < 9:
            paragraphs.append(f"## {numerals[heading]}、{rng.choice(PROGRAMMES)}")
            heading += 1
        parts = []
        for _ in range(rng.randint(2, 5)):
            r = rng.random()
            if r < 0.45:
                parts.append(markov.sentence(rng))
            elif r < 0.75:
                parts.append(templated(rng, year))
            elif r < 0.95:
                parts.append(rng.choice(pool))
            else:
                parts.append(rng.choice(BOILERPLATE))
        paragraph = "".join(parts)
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    return "\n\n".join(paragraphs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--body-bytes", type=int, default=5000)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    pool = content_sentences()
    markov = Markov(pool)
    out = args.out
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "content"))
    shutil.copytree(os.path.join(REPO, "templates"), os.path.join(out, "templates"))
    site_yaml = open(os.path.join(REPO, "content", "site.yaml"), encoding="utf-8").read()
    open(os.path.join(out, "content", "site.yaml"), "w", encoding="utf-8").write(site_yaml)

    serials = defaultdict(int)
    years = [2019, 2020, 2021, 2022, 2023]
    for n in range(args.items):
        year = years[n % len(years)]
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        serials[year] += 1
        category = CATEGORIES[n % len(CATEGORIES)]
        prog = rng.choice(PROGRAMMES)
        title = f"关于{rng.choice(ACTIONS)}{year}年度{rng.choice(TOWNS)}{prog}工作的{rng.choice(DOC_TYPES)}（第{n % 97 + 1}号）"
        topics = rng.sample(["就业创业", "社会保险", "人事人才", "劳动关系", "综合政务"], 2)
        doc_no = f"临人社字〔{year}〕{serials[year]}号" if rng.random() < 0.6 else None
        folder = os.path.join(out, "content", category)
        os.makedirs(folder, exist_ok=True)
        lines = ["---", f"title: {title}", f"date: {year}-{month:02d}-{day:02d}",
                 f"index_no: 11370305MB2859012X/{year}-{serials[year]:05d}"]
        if doc_no:
            lines.append(f"doc_no: {doc_no}")
        lines.append(f"topics: [{', '.join(topics)}]")
        lines.append("---")
        text = "\n".join(lines) + "\n" + body(rng, markov, pool, year, args.body_bytes) + "\n"
        slug = f"{year}-{month:02d}-{day:02d}-item-{n:05d}"
        open(os.path.join(folder, slug + ".md"), "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
