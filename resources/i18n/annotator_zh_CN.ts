<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <!-- Qt's own file dialog: strings its shipped qtbase_zh_CN.qm lacks in this Qt version. -->
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
    <message>
        <source> (documents not opened yet are not counted)</source>
        <translation>（尚未打开的文档未计入）</translation>
    </message>
</context>
<context>
    <name>annotator</name>
    <message>
        <source>Indicator</source>
        <translation>指标名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Upper value</source>
        <translation>上限值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>New metric from selection</source>
        <translation>由选中文字新建指标</translation>
    </message>
    <message>
        <source>Delete selected span</source>
        <translation>删除选中的标注</translation>
    </message>
    <message>
        <source>Move start left</source>
        <translation>起点左移</translation>
    </message>
    <message>
        <source>Move start right</source>
        <translation>起点右移</translation>
    </message>
    <message>
        <source>Move end left</source>
        <translation>终点左移</translation>
    </message>
    <message>
        <source>Move end right</source>
        <translation>终点右移</translation>
    </message>
    <message>
        <source>Done, next document</source>
        <translation>完成,下一篇</translation>
    </message>
    <message>
        <source>Skip document…</source>
        <translation>跳过本文…</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>放大文字</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>缩小文字</translation>
    </message>
    <message>
        <source>Delete metric</source>
        <translation>删除指标</translation>
    </message>
    <message>
        <source>Mark repeated paragraphs DUPLICATE</source>
        <translation>把重复的段落标记为重复段落</translation>
    </message>
    <message>
        <source>Fill %1 from selection</source>
        <translation>用选中文字填写%1</translation>
    </message>
    <message>
        <source>Tag %1</source>
        <translation>标注为%1</translation>
    </message>
    <message>
        <source>Mark %1</source>
        <translation>标记为%1</translation>
    </message>
    <message>
        <source>Only documents both marked done</source>
        <translation>只看双方都已完成的文档</translation>
    </message>
    <message>
        <source>Recompute</source>
        <translation>重新计算</translation>
    </message>
    <message>
        <source>Computing agreement…</source>
        <translation>正在计算一致性…</translation>
    </message>
    <message>
        <source>No labels to compare</source>
        <translation>没有可比较的标签</translation>
    </message>
    <message>
        <source>Annotator A</source>
        <translation>标注人 A</translation>
    </message>
    <message>
        <source>Annotator B</source>
        <translation>标注人 B</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Entity F1 (exact)</source>
        <translation>实体 F1(精确)</translation>
    </message>
    <message>
        <source>Entity F1 (overlapping)</source>
        <translation>实体 F1(重叠)</translation>
    </message>
    <message>
        <source>Kappa (characters)</source>
        <translation>Kappa(按字)</translation>
    </message>
    <message>
        <source>Metric F1</source>
        <translation>指标 F1</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Krippendorff's alpha (characters, all annotators): {alpha} over {n} documents</source>
        <translation>Krippendorff α(按字,全部标注人):{alpha},共 {n} 篇文档</translation>
    </message>
    <message>
        <source>Agreement could not be computed: {error}</source>
        <translation>无法计算一致性:{error}</translation>
    </message>
    <message>
        <source>Set gold status</source>
        <translation>设置金标准状态</translation>
    </message>
    <message>
        <source>Reason (optional, kept with the decision)</source>
        <translation>原因(可选,随决定一起保存)</translation>
    </message>
    <message>
        <source>Take selected version</source>
        <translation>采用选中的版本</translation>
    </message>
    <message>
        <source>Add text selection to gold</source>
        <translation>把选中文字加入金标准</translation>
    </message>
    <message>
        <source>Relabel gold entity</source>
        <translation>更改金标准实体的标签</translation>
    </message>
    <message>
        <source>Remove from gold</source>
        <translation>从金标准中移除</translation>
    </message>
    <message>
        <source>Accept all unanimous</source>
        <translation>接受所有一致的标注</translation>
    </message>
    <message>
        <source>Use selected field value</source>
        <translation>采用选中的字段值</translation>
    </message>
    <message>
        <source>New gold metric from text selection</source>
        <translation>由选中文字新建金标准指标</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Fields side by side</source>
        <translation>字段对照</translation>
    </message>
    <message>
        <source>Edit the gold metric</source>
        <translation>编辑金标准指标</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>金标准</translation>
    </message>
    <message>
        <source>Select an item that is in gold first</source>
        <translation>请先选择一个已在金标准中的项</translation>
    </message>
    <message>
        <source>Gold status</source>
        <translation>金标准状态</translation>
    </message>
    <message>
        <source>Entities</source>
        <translation>实体</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>(no value)</source>
        <translation>(无值)</translation>
    </message>
    <message>
        <source>Nothing to do</source>
        <translation>无需操作</translation>
    </message>
    <message>
        <source>Select an annotator's version first</source>
        <translation>请先选择一位标注人的版本</translation>
    </message>
    <message>
        <source>Select an entity that is in gold first</source>
        <translation>请先选择一个已在金标准中的实体</translation>
    </message>
    <message>
        <source>Select a field value of an annotator first</source>
        <translation>请先选择一位标注人的字段值</translation>
    </message>
    <message>
        <source>Take one version into gold first, then settle its fields</source>
        <translation>请先把一个版本采纳到金标准,再确定其字段</translation>
    </message>
    <message>
        <source>Select some text first</source>
        <translation>请先选中文字</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Span</source>
        <translation>文本范围</translation>
    </message>
    <message>
        <source>Differs in</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Take {key} of {layer}</source>
        <translation>采用 {layer} 的 {key}</translation>
    </message>
    <message>
        <source>Add {label}</source>
        <translation>添加 {label}</translation>
    </message>
    <message>
        <source>Relabel {key} as {label}</source>
        <translation>把 {key} 改标为 {label}</translation>
    </message>
    <message>
        <source>Set {field} from {layer}</source>
        <translation>用 {layer} 设置 {field}</translation>
    </message>
    <message>
        <source>Gold status {status}</source>
        <translation>金标准状态 {status}</translation>
    </message>
    <message>
        <source>Edit {key}</source>
        <translation>编辑 {key}</translation>
    </message>
    <message>
        <source>New metric {value}</source>
        <translation>新指标 {value}</translation>
    </message>
    <message>
        <source>{name} is not a curator; curation is for curators only</source>
        <translation>{name} 不是审校人;只有审校人可以审校</translation>
    </message>
    <message>
        <source>Remove {key} from gold</source>
        <translation>从金标准中移除 {key}</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>标注层</translation>
    </message>
    <message>
        <source>all documents</source>
        <translation>全部文档</translation>
    </message>
    <message>
        <source>done only</source>
        <translation>仅已完成</translation>
    </message>
    <message>
        <source>leave out incomplete metrics</source>
        <translation>略去不完整的指标</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Write to</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>Export into folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Export to file</source>
        <translation>导出到文件</translation>
    </message>
    <message>
        <source>Who is annotating?</source>
        <translation>标注人是谁?</translation>
    </message>
    <message>
        <source>Your name (letters, digits, . - _ @). Your work is saved as annotator:&lt;name&gt;.</source>
        <translation>您的名字(字母、数字、. - _ @)。您的标注保存在 annotator:&lt;名字&gt; 层。</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Texts and records (*.txt *.jsonl);;All (*)</source>
        <translation>文本和记录 (*.txt *.jsonl);;全部 (*)</translation>
    </message>
    <message>
        <source>Import folder</source>
        <translation>导入文件夹</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>Exported {documents} documents as {format} to {name}: {entities} entities, {metrics} metrics</source>
        <translation>已导出 {documents} 篇文档（{format}）到 {name}：{entities} 个实体，{metrics} 个指标</translation>
    </message>
    <message>
        <source>; {count} incomplete metrics left out</source>
        <translation>；{count} 个不完整的指标未导出</translation>
    </message>
    <message>
        <source> ({count} processes)</source>
        <translation>（{count} 个进程）</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Metric and lists</source>
        <translation>指标与列表</translation>
    </message>
    <message>
        <source>Labels and keys</source>
        <translation>标签与按键</translation>
    </message>
    <message>
        <source>Guidelines</source>
        <translation>标注规范</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Tag</source>
        <translation>标注(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Document</source>
        <translation>文档(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Skip document</source>
        <translation>跳过本文</translation>
    </message>
    <message>
        <source>Why skip it?</source>
        <translation>跳过的原因?</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 entities · %4 metrics</source>
        <translation>%1 · %2 · %3 个实体 · %4 个指标</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <source>Every document is done</source>
        <translation>所有文档都已完成</translation>
    </message>
    <message>
        <source>Annotator — %1</source>
        <translation>标注工具 — %1</translation>
    </message>
    <message>
        <source>Opening the database %1…</source>
        <translation>正在打开数据库 %1…</translation>
    </message>
    <message>
        <source>(%1 incomplete)</source>
        <translation>(%1 个不完整)</translation>
    </message>
    <message>
        <source>done %1 / %2</source>
        <translation>已完成 %1 / %2</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>new</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Mark repeats</source>
        <translation>标记重复段落</translation>
    </message>
    <message>
        <source>New metric</source>
        <translation>新建指标</translation>
    </message>
    <message>
        <source>Edit metric</source>
        <translation>修改指标</translation>
    </message>
    <message>
        <source>Open a document first</source>
        <translation>请先打开一篇文档</translation>
    </message>
    <message>
        <source>Select text first, then press the label's key</source>
        <translation>请先选中文字,再按标签键</translation>
    </message>
    <message>
        <source>No unmarked repeated paragraphs</source>
        <translation>没有未标记的重复段落</translation>
    </message>
    <message>
        <source>Delete entity</source>
        <translation>删除实体</translation>
    </message>
    <message>
        <source>Delete segment</source>
        <translation>删除段落标记</translation>
    </message>
    <message>
        <source>Click an entity (or select a segment exactly) to delete it</source>
        <translation>请点击一个实体(或精确选中一个段落)再删除</translation>
    </message>
    <message>
        <source>Click an entity first</source>
        <translation>请先点击一个实体</translation>
    </message>
    <message>
        <source>Move boundary</source>
        <translation>调整边界</translation>
    </message>
    <message>
        <source>Select a number first, then press M</source>
        <translation>请先选中数字,再按 M</translation>
    </message>
    <message>
        <source>Open or create a metric first (select a number, press M)</source>
        <translation>请先打开或新建一个指标(选中数字,按 M)</translation>
    </message>
    <message>
        <source>Select text first</source>
        <translation>请先选中文字</translation>
    </message>
    <message>
        <source>Choose a metric in the list first</source>
        <translation>请先在列表中选择一个指标</translation>
    </message>
    <message>
        <source>Relabel</source>
        <translation>更改标签</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>cancelled; nothing was written</source>
        <translation>已取消;没有写入任何数据</translation>
    </message>
    <message>
        <source>Metrics (%1)</source>
        <translation>指标(%1)</translation>
    </message>
    <message>
        <source>Entities (%1)</source>
        <translation>实体(%1)</translation>
    </message>
    <message>
        <source>Search the corpus…</source>
        <translation>搜索语料…</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>精确</translation>
    </message>
    <message>
        <source>about</source>
        <translation>约</translation>
    </message>
    <message>
        <source>over</source>
        <translation>超过</translation>
    </message>
    <message>
        <source>under</source>
        <translation>不到</translation>
    </message>
    <message>
        <source>range</source>
        <translation>区间</translation>
    </message>
    <message>
        <source>achieved</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>ongoing</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>total</source>
        <translation>总量</translation>
    </message>
    <message>
        <source>increase</source>
        <translation>增加</translation>
    </message>
    <message>
        <source>decrease</source>
        <translation>减少</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>比率</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Select a word</source>
        <translation>选择一个词</translation>
    </message>
    <message>
        <source>Double-click</source>
        <translation>双击</translation>
    </message>
    <message>
        <source>Labels, new metric, fill field, tag all matches</source>
        <translation>标签、新建指标、填写字段、全部标注</translation>
    </message>
    <message>
        <source>Right-click on a selection</source>
        <translation>在选区上右击</translation>
    </message>
    <message>
        <source>Relabel, delete, accept, reject</source>
        <translation>改标签、删除、接受、拒绝</translation>
    </message>
    <message>
        <source>Right-click on an entity or suggestion</source>
        <translation>在实体或建议上右击</translation>
    </message>
    <message>
        <source>Tag the selection (or relabel the entity)</source>
        <translation>标注选区（或为实体改标签）</translation>
    </message>
    <message>
        <source>Click a label in the legend</source>
        <translation>点击图例中的标签</translation>
    </message>
    <message>
        <source>Link the entity to the open metric (again: unlink)</source>
        <translation>将实体链接到当前指标（再点：取消链接）</translation>
    </message>
    <message>
        <source>Ctrl+click on an entity</source>
        <translation>Ctrl+点击实体</translation>
    </message>
    <message>
        <source>Accept the suggestion</source>
        <translation>采纳该建议</translation>
    </message>
    <message>
        <source>Ctrl+click on a suggestion</source>
        <translation>Ctrl+点击建议</translation>
    </message>
    <message>
        <source>Accept every suggestion of its text and label</source>
        <translation>采纳同文字同标签的全部建议</translation>
    </message>
    <message>
        <source>Ctrl+Shift+click on an entity suggestion</source>
        <translation>Ctrl+Shift+点击实体建议</translation>
    </message>
    <message>
        <source>Tagging by selection stopped</source>
        <translation>已停止选中即标注</translation>
    </message>
    <message>
        <source>Each word you double-click or text you drag is tagged %1; Esc stops</source>
        <translation>双击的词或拖选的文字都将标为%1；按 Esc 停止</translation>
    </message>
    <message>
        <source>Shift+click: tag every word you double-click or text you drag with it</source>
        <translation>Shift+点击：此后双击的词或拖选的文字都标为此标签</translation>
    </message>
    <message>
        <source>Tag every word double-clicked or text dragged with a label (Esc: stop)</source>
        <translation>双击的词或拖选的文字都标为同一标签（Esc：停止）</translation>
    </message>
    <message>
        <source>Shift+click a label in the legend</source>
        <translation>Shift+点击图例中的标签</translation>
    </message>
    <message>
        <source>Ctrl+click: accept · Ctrl+Shift+click: accept all of this text</source>
        <translation>Ctrl+点击：采纳 · Ctrl+Shift+点击：采纳同文字的全部建议</translation>
    </message>
    <message>
        <source>Ctrl+click: accept</source>
        <translation>Ctrl+点击：采纳</translation>
    </message>
    <message>
        <source>Mouse</source>
        <translation>鼠标</translation>
    </message>
    <message>
        <source>Same %1 as %2 before it</source>
        <translation>%1沿用前面的 %2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(无)</translation>
    </message>
    <message>
        <source>(implicit)</source>
        <translation>(隐含)</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手工</translation>
    </message>
    <message>
        <source>suggested</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>suggested, edited</source>
        <translation>建议,已修改</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Provenance</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Clear this field</source>
        <translation>清空此字段</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Repeats metric</source>
        <translation>重复的指标</translation>
    </message>
    <message>
        <source>From selection</source>
        <translation>取选中文字</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>normalised unit</source>
        <translation>规范单位</translation>
    </message>
    <message>
        <source>ISO period, e.g. 2023</source>
        <translation>ISO 时间,如 2023</translation>
    </message>
    <message>
        <source>implicit</source>
        <translation>隐含</translation>
    </message>
    <message>
        <source>No metric: select a number and press M</source>
        <translation>没有指标:选中数字后按 M</translation>
    </message>
    <message>
        <source>select text, press %1</source>
        <translation>选中文字,按 %1</translation>
    </message>
    <message>
        <source>Approx</source>
        <translation>约数</translation>
    </message>
    <message>
        <source>Aspect</source>
        <translation>方面</translation>
    </message>
    <message>
        <source>Metric %1</source>
        <translation>指标 %1</translation>
    </message>
    <message>
        <source>%1 is not a number</source>
        <translation>%1 不是数字</translation>
    </message>
    <message>
        <source>Next suggestion</source>
        <translation>下一条建议</translation>
    </message>
    <message>
        <source>Accept suggestion as a metric</source>
        <translation>采纳建议为指标</translation>
    </message>
    <message>
        <source>Reject suggestion</source>
        <translation>拒绝建议</translation>
    </message>
    <message>
        <source>Press N to go to an entity suggestion, then Shift+Enter</source>
        <translation>按 N 转到实体建议，再按 Shift+Enter</translation>
    </message>
    <message>
        <source>Accept all suggestions of this text and label</source>
        <translation>接受此文本与标签的全部建议</translation>
    </message>
    <message>
        <source>%n entity accepted</source>
        <translation>已接受 %n 个实体</translation>
    </message>
    <message>
        <source>%n entities accepted</source>
        <translation>已接受 %n 个实体</translation>
    </message>
    <message>
        <source>Accept %1</source>
        <translation>接受为%1</translation>
    </message>
    <message>
        <source>Accept all %1 as %2</source>
        <translation>将全部“%1”接受为%2</translation>
    </message>
    <message>
        <source>Reject all suggestions of this text and label</source>
        <translation>拒绝此文本与标签的全部建议</translation>
    </message>
    <message>
        <source>Press N to go to an entity suggestion, then Shift+X</source>
        <translation>按 N 转到实体建议，再按 Shift+X</translation>
    </message>
    <message>
        <source>%n suggestion rejected</source>
        <translation>已拒绝 %n 条建议</translation>
    </message>
    <message>
        <source>%n suggestions rejected</source>
        <translation>已拒绝 %n 条建议</translation>
    </message>
    <message>
        <source>Reject all %1 as %2</source>
        <translation>拒绝全部“%1”（%2）</translation>
    </message>
    <message>
        <source>Also proposed: %1</source>
        <translation>另有建议：%1</translation>
    </message>
    <message>
        <source>Snap selection to number and unit</source>
        <translation>选区对齐到数字和单位</translation>
    </message>
    <message>
        <source>Suggest metrics for all documents…</source>
        <translation>为全部文档生成指标建议…</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Blind document: no suggestions</source>
        <translation>盲标文档：不显示建议</translation>
    </message>
    <message>
        <source>No suggestions to review</source>
        <translation>没有待审建议</translation>
    </message>
    <message>
        <source>%1 suggestions to review</source>
        <translation>建议 %1 条待审</translation>
    </message>
    <message>
        <source>Press N to go to a suggestion, then Enter to accept it</source>
        <translation>按 N 跳到一条建议，再按 Enter 采纳</translation>
    </message>
    <message>
        <source>Accept suggestion</source>
        <translation>采纳建议</translation>
    </message>
    <message>
        <source>Press N to go to a suggestion, then X to reject it</source>
        <translation>按 N 跳到一条建议，再按 X 拒绝</translation>
    </message>
    <message>
        <source>No number at the selection</source>
        <translation>选区处没有数字</translation>
    </message>
    <message>
        <source>Entity model trained on %1 documents</source>
        <translation>实体模型已用 %1 篇文档训练</translation>
    </message>
    <message>
        <source>Entity suggestions without LAC: pip install 'annotator[ner]' to add it</source>
        <translation>实体建议未使用 LAC：运行 pip install 'annotator[ner]' 即可加入</translation>
    </message>
    <message>
        <source>The entity models could not run: %1</source>
        <translation>实体模型未能运行：%1</translation>
    </message>
    <message>
        <source>Suggesting metrics</source>
        <translation>正在生成指标建议</translation>
    </message>
    <message>
        <source>%1 suggestions written for %2 documents</source>
        <translation>已为 %2 篇文档写入 %1 条建议</translation>
    </message>
    <message>
        <source>Load predictions…</source>
        <translation>加载预测结果…</translation>
    </message>
    <message>
        <source>No comparison</source>
        <translation>不对比</translation>
    </message>
    <message>
        <source>Compare against gold (curators)</source>
        <translation>与金标准对比（审校员）</translation>
    </message>
    <message>
        <source>Agreement…</source>
        <translation>标注一致性…</translation>
    </message>
    <message>
        <source>Curation…</source>
        <translation>审校…</translation>
    </message>
    <message>
        <source>Compare with predictions</source>
        <translation>与预测结果对比</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测为</translation>
    </message>
    <message>
        <source>metric value</source>
        <translation>指标数值</translation>
    </message>
    <message>
        <source>Loading predictions</source>
        <translation>正在加载预测结果</translation>
    </message>
    <message>
        <source>%1 documents loaded into %2</source>
        <translation>已将 %1 篇文档载入 %2</translation>
    </message>
    <message>
        <source>Curators may compare predictions with gold instead of their layer</source>
        <translation>审校员可将预测结果与金标准（而非自己的标注层）对比</translation>
    </message>
    <message>
        <source>(no predictions loaded: File → Load predictions…)</source>
        <translation>（尚未加载预测结果：文件 → 加载预测结果…）</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>漏标</translation>
    </message>
    <message>
        <source>spurious</source>
        <translation>多标</translation>
    </message>
    <message>
        <source>wrong label or boundary</source>
        <translation>标签或边界错误</translation>
    </message>
    <message>
        <source>wrong label</source>
        <translation>标签错误</translation>
    </message>
    <message>
        <source>wrong boundary</source>
        <translation>边界错误</translation>
    </message>
    <message>
        <source>%1 against %2:</source>
        <translation>%1 对比 %2：</translation>
    </message>
    <message>
        <source>Load predictions</source>
        <translation>加载预测结果</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>recognise from the file name</source>
        <translation>按文件名识别</translation>
    </message>
    <message>
        <source>system name, e.g. baseline</source>
        <translation>系统名称，如 baseline</translation>
    </message>
    <message>
        <source>Layer pred:</source>
        <translation>预测层 pred:</translation>
    </message>
    <message>
        <source>Prediction file</source>
        <translation>预测结果文件</translation>
    </message>
    <message>
        <source>Records (*.jsonl *.json *.ann *.conll);;All (*)</source>
        <translation>记录文件 (*.jsonl *.json *.ann *.conll);;全部 (*)</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>请选择文件</translation>
    </message>
    <message>
        <source>Tea&amp;m</source>
        <translation>团队(&amp;M)</translation>
    </message>
    <message>
        <source>Only curators curate into gold</source>
        <translation>只有审校员可以审校进金标准</translation>
    </message>
    <message>
        <source>Agreement between annotators</source>
        <translation>标注员之间的一致性</translation>
    </message>
    <message>
        <source>Curation into gold</source>
        <translation>审校进金标准</translation>
    </message>
    <message>
        <source>overlapping</source>
        <translation>重叠</translation>
    </message>
    <message>
        <source>No number in the selection: select the value, then press M</source>
        <translation>选区里没有数字：先选中数值，再按 M</translation>
    </message>
    <message>
        <source>%n suggestion is not reviewed.</source>
        <translation>%n 条建议尚未审阅。</translation>
    </message>
    <message>
        <source>%n suggestions are not reviewed.</source>
        <translation>%n 条建议尚未审阅。</translation>
    </message>
    <message>
        <source>Marked done anyway.</source>
        <translation>仍已标为完成。</translation>
    </message>
    <message>
        <source>Mark done anyway?</source>
        <translation>仍要标为完成吗？</translation>
    </message>
    <message>
        <source>Ask before marking done with suggestions unreviewed</source>
        <translation>有未审阅的建议时，标为完成前先询问</translation>
    </message>
    <message>
        <source>indicator</source>
        <translation>指标名称</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>value_high</source>
        <translation>上限值</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>period</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>approx</source>
        <translation>约数</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>aspect</source>
        <translation>方面</translation>
    </message>
    <message>
        <source>place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>org</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>duplicate_of</source>
        <translation>重复的指标</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>entity</source>
        <translation>实体</translation>
    </message>
    <message>
        <source>segment</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批量操作</translation>
    </message>
    <message>
        <source>metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>span</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>metric %1.%2</source>
        <translation>指标 %1 的%2</translation>
    </message>
    <message>
        <source>metric %1</source>
        <translation>指标 %1</translation>
    </message>
    <message>
        <source>entity %1</source>
        <translation>实体 %1</translation>
    </message>
    <message>
        <source>segment %1</source>
        <translation>段落 %1</translation>
    </message>
    <message>
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>must point at text, it cannot be implicit</source>
        <translation>必须指向文本，不能是隐含的</translation>
    </message>
    <message>
        <source>an implicit field has no span</source>
        <translation>隐含字段没有文本范围</translation>
    </message>
    <message>
        <source>needs a span (start, end, text) or implicit</source>
        <translation>需要文本范围（起点、终点、文字）或标为隐含</translation>
    </message>
    <message>
        <source>needs a finite number, got %1</source>
        <translation>需要一个有限的数字，现为 %1</translation>
    </message>
    <message>
        <source>%1 is too large to be kept exactly (at most %2)</source>
        <translation>%1 太大，无法精确保存（最多 %2）</translation>
    </message>
    <message>
        <source>needs a normalised unit</source>
        <translation>需要规范单位</translation>
    </message>
    <message>
        <source>normalised value %1 is not an ISO date or interval (2023, 2023-01/2023-11, 2021-06-15)</source>
        <translation>规范值 %1 不是 ISO 日期或区间（2023、2023-01/2023-11、2021-06-15）</translation>
    </message>
    <message>
        <source>an implicit indicator needs a normalised text</source>
        <translation>隐含的指标名称需要规范文字</translation>
    </message>
    <message>
        <source>unknown value %1</source>
        <translation>未知的值 %1</translation>
    </message>
    <message>
        <source>a range needs its upper bound</source>
        <translation>范围需要上限值</translation>
    </message>
    <message>
        <source>a metric with an upper bound is a range</source>
        <translation>有上限值的指标是一个范围</translation>
    </message>
    <message>
        <source>links to %1, which is not an entity of this document and layer</source>
        <translation>链接到 %1，但它不是本文档本层的实体</translation>
    </message>
    <message>
        <source>links to %1 %2; expected %3</source>
        <translation>链接到 %1 %2；应为 %3</translation>
    </message>
    <message>
        <source>a metric cannot repeat itself</source>
        <translation>指标不能重复它自己</translation>
    </message>
    <message>
        <source>%1 is not a metric of this document and layer</source>
        <translation>%1 不是本文档本层的指标</translation>
    </message>
    <message>
        <source>unknown entity label %1</source>
        <translation>未知的实体标签 %1</translation>
    </message>
    <message>
        <source>unknown segment label %1</source>
        <translation>未知的段落标签 %1</translation>
    </message>
    <message>
        <source>id is used twice</source>
        <translation>编号重复使用</translation>
    </message>
    <message>
        <source>a metric id is used twice</source>
        <translation>指标编号重复使用</translation>
    </message>
    <message>
        <source>text %1 does not match the document at %2..%3 (%4)</source>
        <translation>文字 %1 与文档 %2..%3 处的内容（%4）不符</translation>
    </message>
    <message>
        <source>offsets must be integers, got %1..%2</source>
        <translation>位置必须是整数，现为 %1..%2</translation>
    </message>
    <message>
        <source>offsets %1..%2 are outside the text (length %3)</source>
        <translation>位置 %1..%2 超出文本（长度 %3）</translation>
    </message>
    <message>
        <source>end %1 must be greater than start %2</source>
        <translation>终点 %1 必须大于起点 %2</translation>
    </message>
    <message>
        <source>the selection %1 holds only spaces or punctuation</source>
        <translation>选区 %1 只有空白或标点</translation>
    </message>
    <message>
        <source>%1 %2 is already tagged here</source>
        <translation>%1 %2 已在此处标注</translation>
    </message>
    <message>
        <source>metric %1 was removed elsewhere; reload</source>
        <translation>指标 %1 已在别处删除；请重新载入</translation>
    </message>
    <message>
        <source>entity %1 no longer exists; reload</source>
        <translation>实体 %1 已不存在；请重新载入</translation>
    </message>
    <message>
        <source>segment %1 no longer exists; reload</source>
        <translation>段落 %1 已不存在；请重新载入</translation>
    </message>
    <message>
        <source>metric %1 no longer exists; reload</source>
        <translation>指标 %1 已不存在；请重新载入</translation>
    </message>
    <message>
        <source>entity %1 was changed or removed elsewhere; reload</source>
        <translation>实体 %1 已在别处修改或删除；请重新载入</translation>
    </message>
    <message>
        <source>metric %1 was changed or removed elsewhere; reload</source>
        <translation>指标 %1 已在别处修改或删除；请重新载入</translation>
    </message>
    <message>
        <source>%1 %2 was already removed elsewhere; reload</source>
        <translation>%1 %2 已在别处删除；请重新载入</translation>
    </message>
    <message>
        <source>a command for document %1, layer %2 cannot be part of a batch for document %3, layer %4</source>
        <translation>文档 %1、层 %2 的命令不能放进文档 %3、层 %4 的批量操作</translation>
    </message>
    <message>
        <source>someone else saved the same thing at the same moment; reload and try again (the database said: %1)</source>
        <translation>有人在同一时刻保存了同一内容；请重新载入后再试（数据库说：%1）</translation>
    </message>
    <message>
        <source>the database refused the change: %1</source>
        <translation>数据库拒绝了这次修改：%1</translation>
    </message>
    <message>
        <source>no document %1</source>
        <translation>没有文档 %1</translation>
    </message>
    <message>
        <source>suggestion %1 no longer exists; the assistant was run again, reload the document</source>
        <translation>建议 %1 已不存在；助手已重新运行，请重新载入文档</translation>
    </message>
    <message>
        <source>%1 is blind for %2: the assistant's suggestions are not shown there</source>
        <translation>%1 对 %2 是盲标文档：那里不显示助手的建议</translation>
    </message>
    <message>
        <source>suggestion %1 was rejected; undo the rejection before accepting it</source>
        <translation>建议 %1 已被拒绝；先撤销拒绝，再接受它</translation>
    </message>
    <message>
        <source>suggestion %1 is already covered by a metric in %2</source>
        <translation>建议 %1 已被 %2 中的一个指标覆盖</translation>
    </message>
    <message>
        <source>suggestion %1 is already covered by a metric; delete that metric instead</source>
        <translation>建议 %1 已被一个指标覆盖；请改为删除那个指标</translation>
    </message>
    <message>
        <source>the suggestion at %1..%2 is already rejected</source>
        <translation>%1..%2 处的建议已被拒绝</translation>
    </message>
    <message>
        <source>the suggestion at %1..%2 is not rejected; reload</source>
        <translation>%1..%2 处的建议未被拒绝；请重新载入</translation>
    </message>
    <message>
        <source>%1 is not an annotator&apos;s layer; only annotators review suggestions</source>
        <translation>%1 不是标注员的层；只有标注员审阅建议</translation>
    </message>
    <message>
        <source>no entity suggestion to review at %1..%2; it was accepted, rejected or the assistant was run again</source>
        <translation>%1..%2 处没有待审阅的实体建议；它已被接受、拒绝，或助手已重新运行</translation>
    </message>
    <message>
        <source>no unreviewed %1 suggestion of %2 in %3</source>
        <translation>%3 中没有 %2 的未审阅 %1 建议</translation>
    </message>
    <message>
        <source>an entity of your layer is already there; delete it instead</source>
        <translation>你的层在此处已有实体；请改为删除它</translation>
    </message>
    <message>
        <source>%n entity</source>
        <translation>%n 个实体</translation>
    </message>
    <message>
        <source>%n entities</source>
        <translation>%n 个实体</translation>
    </message>
    <message>
        <source>%n metric</source>
        <translation>%n 个指标</translation>
    </message>
    <message>
        <source>%n metrics</source>
        <translation>%n 个指标</translation>
    </message>
    <message>
        <source>%n suggestion to review</source>
        <translation>建议 %n 条待审</translation>
    </message>
    <message>
        <source>%n suggestions to review</source>
        <translation>建议 %n 条待审</translation>
    </message>
    <message>
        <source>Relabel as %1</source>
        <translation>改标为%1</translation>
    </message>
    <message>
        <source>%1 is not a segment label of this project</source>
        <translation>%1 不是本项目的段落标签</translation>
    </message>
    <message>
        <source>%n item is still open. Mark the gold done anyway?</source>
        <translation>仍有 %n 项未裁定。仍要将金标准标为完成吗？</translation>
    </message>
    <message>
        <source>%n items are still open. Mark the gold done anyway?</source>
        <translation>仍有 %n 项未裁定。仍要将金标准标为完成吗？</translation>
    </message>
    <message>
        <source>(keys: N next, 1/2 take, X reject, A accept unanimous)</source>
        <translation>（按键：N 下一项，1/2 采用，X 拒绝，A 接受全部一致项）</translation>
    </message>
    <message>
        <source>Accepted %n unanimous item</source>
        <translation>已接受 %n 个一致项</translation>
    </message>
    <message>
        <source>Accepted %n unanimous items</source>
        <translation>已接受 %n 个一致项</translation>
    </message>
    <message>
        <source>Added {label} {text}</source>
        <translation>已添加 {label} {text}</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>标注员</translation>
    </message>
    <message>
        <source>Annotator {k} has no version of this item</source>
        <translation>标注员 {k} 没有此项的版本</translation>
    </message>
    <message>
        <source>Approximation</source>
        <translation>近似</translation>
    </message>
    <message>
        <source>Click a gold span first</source>
        <translation>请先点击一个金标准片段</translation>
    </message>
    <message>
        <source>Duplicate of</source>
        <translation>重复于</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Gold done: {done} of {total} documents · open items: {here} here, {all} in all</source>
        <translation>金标准完成：{done} / {total} 篇 · 未裁定项：本篇 {here}，共 {all}</translation>
    </message>
    <message>
        <source>Items still open</source>
        <translation>仍有未裁定项</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>未选择任何项</translation>
    </message>
    <message>
        <source>No open items left in this document</source>
        <translation>本篇已无未裁定项</translation>
    </message>
    <message>
        <source>No unanimous item is left to accept</source>
        <translation>没有可接受的一致项</translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation>没有可重做的操作</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>没有可撤销的操作</translation>
    </message>
    <message>
        <source>Reason (optional, kept with the next decision)</source>
        <translation>理由（可选，随下一个裁定保存）</translation>
    </message>
    <message>
        <source>Redone: {step}</source>
        <translation>已重做：{step}</translation>
    </message>
    <message>
        <source>Rejected {text}</source>
        <translation>已拒绝 {text}</translation>
    </message>
    <message>
        <source>Relabelled {text} as {label}</source>
        <translation>已将 {text} 改标为 {label}</translation>
    </message>
    <message>
        <source>Removed from gold</source>
        <translation>已从金标准中删除</translation>
    </message>
    <message>
        <source>Select text or an entity item first</source>
        <translation>请先选择文本或一个实体项</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Took {name}'s version</source>
        <translation>已采用 {name} 的版本</translation>
    </message>
    <message>
        <source>Undone: {step}</source>
        <translation>已撤销：{step}</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Versions side by side</source>
        <translation>版本对照</translation>
    </message>
    <message>
        <source>agreed</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>boundary</source>
        <translation>边界</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>label and boundary</source>
        <translation>标签和边界</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>missing in {name}</source>
        <translation>{name} 缺少</translation>
    </message>
    <message>
        <source>only in {name}</source>
        <translation>仅 {name} 有</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未裁定</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>taken</source>
        <translation>已采用</translation>
    </message>
    <message>
        <source>{doc} — gold {status} — {count} open</source>
        <translation>{doc} — 金标准{status} — {count} 项未裁定</translation>
    </message>
    <message>
        <source>{field} from {name}</source>
        <translation>{field} 取自 {name}</translation>
    </message>
    <message>
        <source>Relabel as</source>
        <translation>改标为</translation>
    </message>
    <message>
        <source>Fill field</source>
        <translation>填入字段</translation>
    </message>
    <message>
        <source>Mark segment</source>
        <translation>标记段落</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>text to find (Enter: next, Shift+Enter: previous)</source>
        <translation>要查找的文字（回车：下一个，Shift+回车：上一个）</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <source>Tag all matches as</source>
        <translation>全部匹配标注为</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 / %2 个</translation>
    </message>
    <message>
        <source>Type or select the text to tag first</source>
        <translation>请先输入或选中要标注的文字</translation>
    </message>
    <message>
        <source>Every match is tagged already</source>
        <translation>所有匹配都已标注</translation>
    </message>
    <message>
        <source>Tag all matches as %1</source>
        <translation>全部匹配标注为%1</translation>
    </message>
    <message>
        <source>%n match tagged</source>
        <translation>已标注 %n 处匹配</translation>
    </message>
    <message>
        <source>%n matches tagged</source>
        <translation>已标注 %n 处匹配</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>查找…</translation>
    </message>
    <message>
        <source>Find next</source>
        <translation>查找下一个</translation>
    </message>
    <message>
        <source>Find previous</source>
        <translation>查找上一个</translation>
    </message>
    <message>
        <source>Labels…</source>
        <translation>标签…</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文名</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文名</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>改名…</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>颜色…</translation>
    </message>
    <message>
        <source>Key and names…</source>
        <translation>按键与名称…</translation>
    </message>
    <message>
        <source>Retire…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Choose a label in the list first.</source>
        <translation>请先在列表中选择一个标签。</translation>
    </message>
    <message>
        <source>Label %1 added.</source>
        <translation>已添加标签 %1。</translation>
    </message>
    <message>
        <source>Rename label</source>
        <translation>标签改名</translation>
    </message>
    <message>
        <source>New name for %1 (every annotation follows):</source>
        <translation>%1 的新名称（所有标注随之改名）：</translation>
    </message>
    <message>
        <source>Rename label %1</source>
        <translation>标签 %1 改名</translation>
    </message>
    <message>
        <source>Not renamed.</source>
        <translation>未改名。</translation>
    </message>
    <message>
        <source>%1 renamed to %2; Edit → Undo renames it back.</source>
        <translation>%1 已改名为 %2；编辑 → 撤销可改回。</translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation>%1 的颜色</translation>
    </message>
    <message>
        <source>Colour changed.</source>
        <translation>颜色已更改。</translation>
    </message>
    <message>
        <source>Label %1 changed.</source>
        <translation>标签 %1 已更改。</translation>
    </message>
    <message>
        <source>Retire label</source>
        <translation>停用标签</translation>
    </message>
    <message>
        <source>Relabel the annotations of %1 as:</source>
        <translation>将 %1 的标注改标为：</translation>
    </message>
    <message>
        <source>(none: only if no annotation uses it)</source>
        <translation>（不改标：仅当没有标注使用它时）</translation>
    </message>
    <message>
        <source>Label %1 retired.</source>
        <translation>标签 %1 已停用。</translation>
    </message>
    <message>
        <source>Add label</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>a letter, or Shift+letter; empty for none</source>
        <translation>一个字母，或 Shift+字母；留空则无按键</translation>
    </message>
    <message>
        <source>#rrggbb; empty for a new colour</source>
        <translation>#rrggbb；留空则自动配色</translation>
    </message>
    <message>
        <source>%1 is not a curator; only curators change the label schema</source>
        <translation>%1 不是审校员；只有审校员可以修改标签体系</translation>
    </message>
    <message>
        <source>key %1 is already %2's</source>
        <translation>按键 %1 已被 %2 使用</translation>
    </message>
    <message>
        <source>key %1 is taken by the window (metric fields, assistant, curation)</source>
        <translation>按键 %1 已被窗口占用（指标字段、助手、审校）</translation>
    </message>
    <message>
        <source>key %1 must be one letter, or Shift+ and one letter</source>
        <translation>按键 %1 须为一个字母，或 Shift+ 加一个字母</translation>
    </message>
    <message>
        <source>%1 is already a label of this project</source>
        <translation>%1 已是本项目的标签</translation>
    </message>
    <message>
        <source>%1 is already a label of this project (retired)</source>
        <translation>%1 已是本项目的标签（已停用）</translation>
    </message>
    <message>
        <source>%1 is not a label of this project; known: %2</source>
        <translation>%1 不是本项目的标签；已有：%2</translation>
    </message>
    <message>
        <source>label name %1: use capital letters, digits and _ (starting with a letter, at most 40)</source>
        <translation>标签名 %1：只能用大写字母、数字和 _（以字母开头，最多 40 个）</translation>
    </message>
    <message>
        <source>%1 is used by %2 annotation(s); relabel them first, or retire it with --map-to OTHER to relabel them as OTHER</source>
        <translation>%1 仍有 %2 个标注在用；请先改标，或在停用时选择改标为另一标签</translation>
    </message>
    <message>
        <source>%1 is a segment label the app relies on; it cannot be renamed</source>
        <translation>%1 是程序依赖的段落标签，不能改名</translation>
    </message>
    <message>
        <source>%1 is a segment label the app relies on; it cannot be retired</source>
        <translation>%1 是程序依赖的段落标签，不能停用</translation>
    </message>
    <message>
        <source>colour %1: expected #rrggbb</source>
        <translation>颜色 %1：应为 #rrggbb</translation>
    </message>
    <message>
        <source>%1 is already retired</source>
        <translation>%1 已停用</translation>
    </message>
    <message>
        <source>%1 is not a layer; use annotator:&lt;name&gt;, pred:&lt;system&gt; or gold</source>
        <translation>%1 不是图层；请用 annotator:&lt;名字&gt;、pred:&lt;系统&gt; 或 gold</translation>
    </message>
    <message>
        <source>%1 is not a valid name (letters, digits, . - _ @; 1-64 chars)</source>
        <translation>%1 不是有效的名字（字母、数字、. - _ @；1–64 个字符）</translation>
    </message>
    <message>
        <source>%1 has no entity %2 in %3</source>
        <translation>%1 在 %3 中没有实体 %2</translation>
    </message>
    <message>
        <source>%1 has no segment %2 in %3</source>
        <translation>%1 在 %3 中没有段落 %2</translation>
    </message>
    <message>
        <source>%1 has no metric %2 in %3</source>
        <translation>%1 在 %3 中没有指标 %2</translation>
    </message>
    <message>
        <source>gold has no metric %1 in %2; reload</source>
        <translation>金标准在 %2 中没有指标 %1；请重新加载</translation>
    </message>
    <message>
        <source>no layer %1</source>
        <translation>没有图层 %1</translation>
    </message>
    <message>
        <source>links to %1, which is not an entity of this document</source>
        <translation>链接到 %1，但它不是本文档的实体</translation>
    </message>
    <message>
        <source>no release %1</source>
        <translation>没有发布版本 %1</translation>
    </message>
    <message>
        <source>%1 has no %2 role</source>
        <translation>%1 没有 %2 角色</translation>
    </message>
    <message>
        <source>Link the nearest place (again: the next)</source>
        <translation>链接最近的地点（再按：下一个）</translation>
    </message>
    <message>
        <source>Link the nearest organisation (again: the next)</source>
        <translation>链接最近的机构（再按：下一个）</translation>
    </message>
    <message>
        <source>Link the nearest subject (again: the next)</source>
        <translation>链接最近的对象（再按：下一个）</translation>
    </message>
    <message>
        <source>No %1 entity in this document to link</source>
        <translation>本文档没有可链接的%1实体</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Metric %1: %2</source>
        <translation>指标 %1：%2</translation>
    </message>
    <message>
        <source>Keys and shortcuts</source>
        <translation>按键与快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Keys and shortcuts…</source>
        <translation>按键与快捷键…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Database busy: your edit is kept and saved when it is free.</source>
        <translation>数据库正忙：你的修改已保留，空闲后即保存。</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>一致率</translation>
    </message>
    <message>
        <source>Double-click a document to curate it</source>
        <translation>双击文档以裁定</translation>
    </message>
    <message>
        <source>Double-click a pair to curate its least agreed document</source>
        <translation>双击一对标注员，裁定其一致性最低的文档</translation>
    </message>
    <message>
        <source>Entities of {name}</source>
        <translation>{name} 的实体数</translation>
    </message>
    <message>
        <source>Label confusion</source>
        <translation>标签混淆</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>关联</translation>
    </message>
    <message>
        <source>Metric fields</source>
        <translation>指标字段</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数值</translation>
    </message>
</context>
</TS>
