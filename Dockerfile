# TalentFlow: CPU-only image. Build: docker build -t talentflow .
# Run: docker run -p 8501:8501 -v talentflow-data:/data talentflow
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    MLFLOW_DISABLE_TELEMETRY=true \
    TALENTFLOW_HOME=/data

WORKDIR /app
# tesseract-ocr reads scanned PDFs (with its English data; add tesseract-ocr-<lang> for others)
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 talentflow \
    && mkdir /data && chown talentflow /data

# Dependencies first, so code changes do not reinstall them. torch is pinned and installed
# alone: pass --build-arg PIP_EXTRA_INDEX_URL=<a CPU-only wheel index> to avoid the GPU build.
ARG PIP_EXTRA_INDEX_URL=""
COPY requirements.txt pyproject.toml README.md ./
RUN pip install "$(grep -E '^torch==' requirements.txt)" \
    && pip install -r requirements.txt

COPY core ./core
COPY pages ./pages
COPY data ./data
COPY scripts ./scripts
COPY .streamlit ./.streamlit
COPY app.py ./
RUN pip install --no-deps --no-build-isolation -e . \
    && python -c "import core.parsing.nlp as n; n.get_nlp()"

USER talentflow
VOLUME ["/data"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["sh", "-c", "python -m core demo && exec python scripts/serve.py --server.address 0.0.0.0 --server.port 8501"]
