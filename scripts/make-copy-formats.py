#!/usr/bin/env python3
"""Write fixtures/copy-formats: one story in each format newsroom copy arrives in.

  articles/parking.xml   IPTC NITF 3.6 (with a media element pointing at a sample photo)
  articles/station.xml   IPTC NewsML-G2 newsItem, XHTML body in contentSet/inlineXML
  articles/library.docx  written by python-docx
  articles/market.docx   written by python-docx, then saved by LibreOffice
                         (soffice --headless --convert-to docx)
  paragraphs.txt         every body paragraph as the engine must set it, one a line
                         (the end-to-end test checks the PDF holds each, nothing more)

Needs python-docx (pip install python-docx) and LibreOffice Writer
(apt-get install libreoffice-writer-nogui). Only for regeneration: the files are
committed. Every character is checked to be in GB 2312 (the bundled font subsets).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "fixtures", "copy-formats")
ART = os.path.join(OUT, "articles")

# A paragraph is a list of (text, face) runs; face is "", "b" or "i".
P = lambda *runs: [(r, "") if isinstance(r, str) else r for r in runs]  # noqa: E731
B = lambda t: (t, "b")  # noqa: E731
I = lambda t: (t, "i")  # noqa: E731

PARKING = {
    "headline": "城区新增三处公共停车场",
    "subhead": "缓解老城区停车难题",
    "byline": ("本报记者 ", ("李晓红",), " 通讯员 ", ("王强",)),
    "dateline": "本报讯",
    "body": [
        ("p", P("2月7日，记者从市城管局获悉，位于蒸湘区、雁峰区和石鼓区的三处公共停车场已正式投入使用，共新增停车位",
                B("一千二百余个"), "，老城区“停车难”问题有望得到缓解。")),
        ("p", P("据介绍，三处停车场均采用智能化管理，市民可通过手机查询空余车位、在线缴费，",
                I("进出无需停车取卡"), "。")),
        ("h", P("收费标准：首小时免费")),
        ("p", P("为方便市民短时停车，三处停车场实行分时段收费：")),
        ("ol", [P("首小时内免费停放；"), P("超过一小时后，每小时收费二元；"),
                P("夜间二十时至次日八时，每次收费五元。")]),
        ("p", P("市城管局相关负责人表示，今年还将新建停车场", B("八处"), "，进一步完善城区静态交通体系。")),
    ],
}

STATION = {
    "kicker": "春运进行时",
    "headline": "衡阳东站单日发送旅客突破五万人次",
    "subhead": "铁路部门加开临客保障旅客出行",
    "byline": "本报记者 周敏",
    "dateline": "本报衡阳2月7日讯",
    "body": [
        ("p", P("春节假期进入返程高峰，", B("衡阳东站"), "单日发送旅客突破五万人次，创今年春运以来新高。")),
        ("p", P("为应对客流高峰，铁路部门在衡阳东站加开往返广州、长沙方向的临时旅客列车，并延长售票窗口服务时间。")),
        ("h", P("温馨提示")),
        ("ul", [P("请提前通过官方渠道购票，", I("错峰出行"), "；"), P("进站时请主动出示有效身份证件；"),
                P("携带儿童的旅客请照看好随行儿童。")]),
        ("p", P("车站工作人员提醒，返程客流预计将持续至元宵节前后，请旅客合理安排行程。")),
    ],
}

LIBRARY = {
    "kicker": "文化惠民",
    "headline": "市图书馆推出春节“阅读季”活动",
    "subhead": "二十余场文化活动陪市民过大年",
    "byline": "本报记者 刘芳",
    "body": [
        ("p", P("本报讯　春节期间，市图书馆推出“阅读季”系列活动，包括新春诗会、亲子阅读、非遗剪纸体验等二十余场文化活动，市民可免费参加。")),
        ("p", P("活动期间，图书馆", B("每天开放十二小时"), "，", I("除夕当天"), "闭馆一天。")),
        ("h", P("线上活动同步开展")),
        ("ol", [P("数字阅读平台开放电子图书五万余册；"), P("每晚八时推出“名家讲经典”音频节目；"),
                P("读者可在线参与春节主题知识竞答。")]),
        ("p", P("图书馆负责人表示，希望通过丰富多彩的活动，让书香伴随市民度过一个文明、祥和的春节。")),
        # A line break inside a paragraph (w:br) joins like wire copy.
        ("p", P("活动咨询电话：", ("BR", "br"), "0734-8221234")),
    ],
}

MARKET = {
    "headline": "年货市场供应充足价格平稳",
    "subhead": "蔬菜肉类价格与节前基本持平",
    "byline": "本报记者 陈星 实习生 张雨",
    "body": [
        ("p", P("本报讯　记者2月7日走访城区多家农贸市场和超市了解到，节后年货市场供应充足，蔬菜、肉类、水果等主要商品价格总体平稳。")),
        ("p", P("在雁峰区一家农贸市场，白菜、萝卜等本地蔬菜每斤一元至二元不等，",
                B("猪肉价格与节前基本持平"), "。摊主告诉记者：“", I("今年货源足，生意也好做"), "。”")),
        ("h", P("相关部门加强市场监管")),
        ("ul", [P("每日发布主要农产品价格信息；"), P("严查哄抬物价、短斤少两等行为；"),
                P("开通价格投诉举报电话，及时回应市民诉求。")]),
        ("p", P("市市场监管局表示，将持续做好节后市场保供稳价工作，确保市民买得放心、吃得安心。")),
    ],
}


def plain(runs):
    return "".join("" if face == "br" else text for text, face in runs)


def check_gb2312(story):
    def texts(v):
        if isinstance(v, str):
            yield v
        elif isinstance(v, (list, tuple)):
            for x in v:
                yield from texts(x)
        elif isinstance(v, dict):
            for x in v.values():
                yield from texts(x)

    for t in texts(story):
        t.replace("　", " ").encode("gb2312")


def paragraphs(story):
    """Each body paragraph as set: the dateline opens the first paragraph."""
    out = []
    for kind, content in story["body"]:
        items = content if kind in ("ol", "ul") else [content]
        out.extend(plain(r) for r in items)
    if story.get("dateline"):
        out[0] = story["dateline"] + "\u3000" + out[0]
    return out


def xml_runs(runs, strong, em):
    s = ""
    for text, face in runs:
        if face == "b":
            s += f"<{strong}>{escape(text)}</{strong}>"
        elif face == "i":
            s += f"<{em}>{escape(text)}</{em}>"
        elif face == "br":
            s += "<br/>"
        else:
            s += escape(text)
    return s


def xml_body(story, heading, strong, em, indent):
    lines = []
    for kind, content in story["body"]:
        if kind == "p":
            lines.append(f"<p>{xml_runs(content, strong, em)}</p>")
        elif kind == "h":
            lines.append(f"<{heading}>{xml_runs(content, strong, em)}</{heading}>")
        else:
            items = "".join(f"<li>{xml_runs(r, strong, em)}</li>" for r in content)
            lines.append(f"<{kind}>{items}</{kind}>")
    return ("\n" + indent).join(lines)


def write_nitf(path, s):
    byline = "".join(
        f"<person>{escape(x[0])}</person>" if isinstance(x, tuple) else escape(x)
        for x in s["byline"]
    )
    body = xml_body(s, "hl2", "strong", "em", "      ")
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">
<nitf version="-//IPTC//DTD NITF 3.6//EN" change.date="2012-03-15" change.time="19:30">
  <head>
    <title>{escape(s["headline"])}</title>
    <docdata>
      <doc-id id-string="hyrb-20220208-parking"/>
      <date.issue norm="20220208T000000+0800"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline>
        <hl1>{escape(s["headline"])}</hl1>
        <hl2>{escape(s["subhead"])}</hl2>
      </hedline>
      <byline>{byline}</byline>
      <dateline><location>{escape(s["dateline"])}</location></dateline>
    </body.head>
    <body.content>
      {body}
      <media media-type="image">
        <media-reference source="../../hengyang-2022-02-08/photos/p3-cranes.jpg" mime-type="image/jpeg"/>
        <media-caption>蒸湘区新建成的公共停车场，车辆有序停放。</media-caption>
        <media-producer>本报记者 王强 摄</media-producer>
      </media>
    </body.content>
  </body>
</nitf>
"""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_newsml(path, s):
    body = xml_body(s, "h2", "b", "i", "            ")
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"
          guid="urn:newsml:hyrb.example:20220208:station"
          version="1" standard="NewsML-G2" standardversion="2.29" xml:lang="zh-CN">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_36.xml"/>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="衡阳日报"/>
    <versionCreated>2022-02-07T18:00:00+08:00</versionCreated>
  </itemMeta>
  <contentMeta>
    <headline role="hlrole:kicker">{escape(s["kicker"])}</headline>
    <headline>{escape(s["headline"])}</headline>
    <headline role="hlrole:sub">{escape(s["subhead"])}</headline>
    <by>{escape(s["byline"])}</by>
    <dateline>{escape(s["dateline"])}</dateline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml">
        <head><title>{escape(s["headline"])}</title></head>
        <body>
            {body}
        </body>
      </html>
    </inlineXML>
  </contentSet>
</newsItem>
"""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def add_runs(par, runs):
    for text, face in runs:
        if face == "br":
            par.add_run().add_break()
            continue
        run = par.add_run(text)
        run.bold = face == "b" or None
        run.italic = face == "i" or None


def write_docx(path, s):
    d = docx.Document()
    for name in ("Kicker", "Byline"):
        d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = d.styles["Normal"]
    if s.get("kicker"):
        d.add_paragraph(s["kicker"], style="Kicker")
    d.add_heading(s["headline"], level=0)  # the Title style
    d.add_paragraph(s["subhead"], style="Subtitle")
    d.add_paragraph(s["byline"], style="Byline")
    for kind, content in s["body"]:
        if kind == "p":
            add_runs(d.add_paragraph(), content)
        elif kind == "h":
            add_runs(d.add_heading(level=2), content)
        else:
            style = "List Number" if kind == "ol" else "List Bullet"
            for item in content:
                add_runs(d.add_paragraph(style=style), item)
    d.save(path)


def main():
    for s in (PARKING, STATION, LIBRARY, MARKET):
        check_gb2312(s)
    os.makedirs(ART, exist_ok=True)
    write_nitf(os.path.join(ART, "parking.xml"), PARKING)
    write_newsml(os.path.join(ART, "station.xml"), STATION)
    write_docx(os.path.join(ART, "library.docx"), LIBRARY)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is needed for market.docx")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "market-src.docx")
        write_docx(src, MARKET)
        out = os.path.join(tmp, "out")
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
             "--convert-to", "docx:MS Word 2007 XML", "--outdir", out, src],
            check=True, stdout=subprocess.DEVNULL,
        )
        shutil.copy(os.path.join(out, "market-src.docx"), os.path.join(ART, "market.docx"))
    with open(os.path.join(OUT, "paragraphs.txt"), "w", encoding="utf-8") as f:
        f.write("# Every body paragraph of the four stories as set (scripts/make-copy-formats.py).\n")
        for s in (PARKING, STATION, LIBRARY, MARKET):
            for p in paragraphs(s):
                f.write(p + "\n")


if __name__ == "__main__":
    main()
