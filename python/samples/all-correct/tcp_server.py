import socket

HOST = '0.0.0.0'
PORT = 8887

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((HOST, PORT))
server.listen(5)
print("Waiting for connect...")
conn, address = server.accept()
print("Connect from", address)
while True:
    data = conn.recv(1024)
    if not data:
        print("client left")
        break
    text = data.decode()
    if text == '##':
        print("client quit")
        break
    print("Receive:", text)
    conn.send('收到：'.encode() + data)
conn.close()
server.close()
