"""Day 1: a TCP server for one client. 第一天：只服务一个客户端的 TCP 服务器。

Read README.md (English) or README.zh-CN.md (中文) first.
"""
from socket import socket, AF_INET, SOCK_STREAM

ADDR = ('0.0.0.0', 8888)

# TODO: create the listening socket `sockfd`, `bind` it to ADDR and `listen(5)`.
# TODO: wait for one client: `connfd, addr = sockfd.accept()`.
# TODO: loop: `data = connfd.recv(1024)`; leave the loop when the client has
#       left (`if not data:`) or sent '##' (`data.decode() == '##'`);
#       otherwise answer with `connfd.send(b'Receive your message')`.
# TODO: close `connfd`, then `sockfd`.
