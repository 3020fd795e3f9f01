"""OAI-PMH over the edition's Static Repository file (docs/oai-static-repository.xml, render/oai.py): the
six verbs, with resumption tokens, served by the `oaipmh` library (eth-library/oaipmh, the maintained
continuation of pyoai) from the records the file holds, as a WSGI application:

    .venv/bin/python -m convert.oai_server site/oai-static-repository.xml --port 8080   # http://localhost:8080/oai

or, under any WSGI server, `convert.oai_server:make_app("/path/to/oai-static-repository.xml")`.
The library writes datestamps to the second, so the handler declares that granularity (day-granular
`from`/`until` are accepted as the protocol requires)."""
from __future__ import annotations

import argparse
import copy
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs

from lxml import etree
from oaipmh import common, error
from oaipmh.metadata import MetadataRegistry
from oaipmh.server import Server

from convert.render.oai import OAI, OAI_DC, SR

NS = {"sr": SR, "oai": OAI}
DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"


class StaticRepository:
    """The records of a Static Repository file, answering the verbs of oaipmh's IOAI interface."""

    def __init__(self, path: Path):
        tree = etree.parse(str(path))
        ident = tree.find("sr:Identify", NS)
        self.info = {child.tag.split("}")[1]: child.text for child in ident}
        self.admins = [e.text for e in ident.findall("oai:adminEmail", NS)]
        self.formats = [(f.findtext("oai:metadataPrefix", namespaces=NS), f.findtext("oai:schema", namespaces=NS),
                         f.findtext("oai:metadataNamespace", namespaces=NS))
                        for f in tree.findall("sr:ListMetadataFormats/oai:metadataFormat", NS)]
        self.records: dict[str, list] = {}
        for listing in tree.findall("sr:ListRecords", NS):
            prefix = listing.get("metadataPrefix")
            self.records[prefix] = [self._record(r) for r in listing.findall("oai:record", NS)]

    @staticmethod
    def _record(el):
        ident = el.findtext("oai:header/oai:identifier", namespaces=NS)
        stamp = datetime.strptime(el.findtext("oai:header/oai:datestamp", namespaces=NS)[:10], "%Y-%m-%d")
        header = common.Header(None, ident, stamp, [], False)
        meta = el.find("oai:metadata", NS)
        return header, common.Metadata(meta[0] if len(meta) else None, {}), None

    # -- the verbs --------------------------------------------------------------------------------
    def identify(self):
        return common.Identify(self.info["repositoryName"], self.info["baseURL"], "2.0", self.admins,
                               datetime.strptime(self.info["earliestDatestamp"][:10], "%Y-%m-%d"),
                               self.info.get("deletedRecord", "no"), "YYYY-MM-DDThh:mm:ssZ", ["identity"],
                               toolkit_description=False)

    def listMetadataFormats(self, identifier=None):
        if identifier is not None and not any(h.identifier() == identifier
                                              for recs in self.records.values() for h, _, _ in recs):
            raise error.IdDoesNotExistError(f"no record {identifier}")
        return self.formats

    def listSets(self, cursor=None, batch_size=None):
        raise error.NoSetHierarchyError("this repository has no sets")

    def _matching(self, metadataPrefix, set=None, from_=None, until=None):
        if metadataPrefix not in self.records:
            raise error.CannotDisseminateFormatError(f"no records in {metadataPrefix}")
        if set is not None:
            raise error.NoSetHierarchyError("this repository has no sets")
        return [r for r in self.records[metadataPrefix]
                if (from_ is None or r[0].datestamp() >= from_) and (until is None or r[0].datestamp() <= until)]

    def listRecords(self, metadataPrefix, set=None, from_=None, until=None):
        return self._matching(metadataPrefix, set, from_, until)

    def listIdentifiers(self, metadataPrefix, set=None, from_=None, until=None):
        return [h for h, _, _ in self._matching(metadataPrefix, set, from_, until)]

    def getRecord(self, metadataPrefix, identifier):
        if metadataPrefix not in self.records:
            raise error.CannotDisseminateFormatError(f"no records in {metadataPrefix}")
        for rec in self.records[metadataPrefix]:
            if rec[0].identifier() == identifier:
                return rec
        raise error.IdDoesNotExistError(f"no record {identifier}")


def copy_metadata(element, metadata) -> None:
    """The record's metadata as the static file has it (every language's xml:lang kept)."""
    if metadata.element() is not None:
        element.append(copy.deepcopy(metadata.element()))


def make_app(path, batch_size: int = 50):
    """A WSGI application answering OAI-PMH requests (GET or POST) over a Static Repository file."""
    repo = StaticRepository(Path(path))
    registry = MetadataRegistry()
    for prefix, _, _ in repo.formats:
        registry.registerWriter(prefix, copy_metadata)
    server = Server(repo, registry, nsmap={"oai_dc": OAI_DC}, resumption_batch_size=batch_size)

    def app(environ, start_response):
        query = environ.get("QUERY_STRING", "")
        if environ.get("REQUEST_METHOD") == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            query = environ["wsgi.input"].read(size).decode("utf-8", "replace")
        args = parse_qs(query, keep_blank_values=True)
        repeated = [k for k, v in args.items() if len(v) > 1]
        kw = {k: v[0] for k, v in args.items()}
        if repeated:  # the protocol forbids a repeated argument (badArgument); the library would keep the first
            kw["repeated"] = ",".join(repeated)
        body = server.handleRequest(kw)
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
        return [body]
    return app


def main(argv: list[str] | None = None) -> int:
    from wsgiref.simple_server import make_server

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="the Static Repository file (site/oai-static-repository.xml)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    with make_server(args.host, args.port, make_app(args.file)) as httpd:
        print(f"OAI-PMH at http://{args.host}:{args.port}/oai", flush=True)
        httpd.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
